import { expect, test } from "@playwright/test";
import { api, shots, unique } from "./helpers";

test("create a person, find them with global search, edit a field in place", async ({ page }) => {
  const family = unique("Chowdhury").replace(" ", "");
  await page.goto("/people");
  await expect(page.getByTestId("record-list")).toBeVisible();
  await shots(page, "03-people-list", async () => {
    await expect(page.getByTestId("record-list")).toBeVisible();
    // The header's actions stay on screen on a phone too (below the title there).
    const create = await page.getByRole("button", { name: "New person" }).boundingBox();
    expect((create?.x ?? Infinity) + (create?.width ?? 0)).toBeLessThanOrEqual(
      page.viewportSize()?.width ?? 0,
    );
  });

  await page.getByRole("button", { name: "New person" }).click();
  const dialog = page.getByRole("dialog", { name: "New person" });
  await dialog.getByLabel("First name").fill("Tahmina");
  await dialog.getByLabel("Last name").fill(family);
  await dialog.getByLabel("E-mail").fill(`tahmina.${family.toLowerCase()}@example.com`);
  await dialog.getByLabel("Phone").fill("01712-345678");
  await dialog.getByRole("button", { name: "Create person" }).click();

  await expect(page.getByRole("heading", { level: 1, name: `Tahmina ${family}` })).toBeVisible();
  const personUrl = page.url();

  // Global search (Ctrl+K) finds her as you type.
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.keyboard.press("Control+k");
  const search = page.getByRole("combobox", { name: "Search people, companies and deals" });
  await search.fill(family);
  const option = page.getByRole("option", { name: new RegExp(`Tahmina ${family}`) });
  await expect(option).toBeVisible();
  await shots(page, "04-search");
  await search.press("Enter");
  await expect(page).toHaveURL(personUrl);

  // Edit the city in place; it is saved with If-Match and survives a reload.
  await page.getByRole("button", { name: "Edit City" }).click();
  await page.getByRole("textbox", { name: "City" }).fill("Moulvibazar");
  await page.getByRole("textbox", { name: "City" }).press("Enter");
  await expect(page.getByRole("button", { name: "Edit City" })).toContainText("Moulvibazar");
  await page.reload();
  await expect(page.getByRole("button", { name: "Edit City" })).toContainText("Moulvibazar");

  // A bad e-mail gets the API's message next to the field, and nothing changes.
  await page.getByRole("button", { name: "Edit E-mail" }).click();
  await page.getByRole("textbox", { name: "E-mail" }).fill("not-an-email");
  await page.getByRole("textbox", { name: "E-mail" }).press("Enter");
  await expect(page.getByText(/valid e-mail/i)).toBeVisible();
  await page.getByRole("button", { name: "Cancel" }).click();
  await shots(page, "05-person");
});

test("a stale edit shows what changed and can be re-applied", async ({ page }) => {
  const person = await api.post(page, "/api/v1/people", {
    given_name: "Conflict",
    family_name: unique("Test").replace(" ", ""),
  });
  await page.goto(`/people/${person.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Conflict");
  // Someone else changes the record meanwhile.
  await api.patch(page, `/api/v1/people/${person.id}`, { city: "Sylhet" }, person.version);

  await page.getByRole("button", { name: "Edit Region" }).click();
  await page.getByRole("textbox", { name: "Region" }).fill("Sylhet Division");
  await page.getByRole("textbox", { name: "Region" }).press("Enter");
  const dialog = page.getByRole("dialog", { name: "Someone else saved first" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("cell", { name: "Sylhet", exact: true })).toBeVisible();
  await dialog.getByRole("button", { name: "Re-apply my change" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: "Edit Region" })).toContainText("Sylhet Division");
  await expect(page.getByRole("button", { name: "Edit City" })).toContainText("Sylhet");
});

test("list state lives in the URL and exports as CSV", async ({ page }) => {
  const filter = JSON.stringify({
    and: [{ field: "lifecycle_stage", op: "eq", value: "customer" }],
  });
  await page.goto(`/people?filter=${encodeURIComponent(filter)}&sort=display_name`);
  await expect(page.getByText("Stage is Customer")).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Customer" })).toBeChecked();
  const firstRows = page.getByTestId("record-list").getByRole("row");
  await expect(firstRows.nth(1)).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^people-\d{4}-\d{2}-\d{2}\.csv$/);
});
