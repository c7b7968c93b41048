import { expect, test } from "@playwright/test";
import { api, shots } from "./helpers";

test("screenshots of the other main screens", async ({ page }) => {
  const deals = await api.get(page, "/api/v1/deals?limit=1&sort=-amount");
  await page.goto(`/deals/${deals.items[0].id}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await shots(page, "09-deal");

  await page.goto("/tasks?view=open");
  await expect(page.getByRole("heading", { level: 1, name: "Tasks" })).toBeVisible();
  await shots(page, "10-tasks");

  await page.goto("/companies");
  await expect(page.getByTestId("record-list")).toBeVisible();
  await shots(page, "11-companies");

  await page.goto("/settings/tokens");
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await page.getByRole("textbox", { name: "Name" }).fill("Web shop sync");
  await page.getByRole("combobox", { name: "Scopes" }).click();
  await page.getByRole("option", { name: "people:read" }).click();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("new-token")).toContainText("spk_");
  await shots(page, "12-token-created");
  await page.keyboard.press("Escape");
});
