import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { api, unique } from "./helpers";

/**
 * Serious and critical WCAG 2.1 A/AA violations (as in a11y.spec), in the part of the page this
 * journey adds (the rest of the list page is checked there): quick on a busy CI machine.
 */
async function serious(page: Page, selector: string) {
  const results = await new AxeBuilder({ page })
    .include(selector)
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
}

test("save a filtered people view, reload, switch to it, delete it", async ({ page }) => {
  const city = unique("Viewtown").replace(" ", "");
  const name = unique("Field visits");
  await api.post(page, "/api/v1/people", { given_name: "Shirin", family_name: "Akter", city });
  const filter = JSON.stringify({ and: [{ field: "city", op: "eq", value: city }] });

  // The list filtered by city, with the e-mail column hidden: saved under a name.
  await page.goto(`/people?filter=${encodeURIComponent(filter)}`);
  const list = page.getByTestId("record-list");
  await expect(list.getByRole("link", { name: "Shirin Akter" })).toBeVisible();
  await page.getByRole("button", { name: "Columns" }).click();
  await page.getByRole("checkbox", { name: "E-mail" }).click();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("columnheader", { name: "E-mail" })).toHaveCount(0);
  await page.getByRole("button", { name: "Views" }).click();
  await page.getByRole("menuitem", { name: "Save as new view…" }).click();
  const dialog = page.getByRole("dialog", { name: "Save view" });
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByText("Give the view a name.")).toBeVisible();
  expect(await serious(page, '[role="dialog"]')).toEqual([]);
  await dialog.getByRole("textbox", { name: "Name" }).fill(name);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  const views = page.getByRole("navigation", { name: "Saved views" });
  await expect(views.getByRole("link", { name })).toHaveAttribute("aria-current", "page");
  await expect(page).toHaveURL(/[?&]view=/);

  // Back to the whole list, reload: the view is still there; switching to it filters again.
  await views.getByRole("link", { name: "All", exact: true }).click();
  await expect(page).not.toHaveURL(/[?&]view=/);
  await page.reload();
  await views.getByRole("link", { name }).click();
  await expect(page).toHaveURL(/[?&]view=/);
  await expect(list.getByRole("link", { name: "Shirin Akter" })).toBeVisible();
  await expect(list.getByRole("row")).toHaveCount(2); // header + the one person in that city
  await expect(page.getByRole("columnheader", { name: "E-mail" })).toHaveCount(0);
  expect(await serious(page, '[data-testid="saved-views"]')).toEqual([]);

  // Delete it after a confirmation: the list is the whole list again.
  await page.getByRole("button", { name: "Views" }).click();
  await page.getByRole("menuitem", { name: "Delete view…" }).click();
  const confirm = page.getByRole("dialog", { name: `Delete view “${name}”?` });
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(views.getByRole("link", { name })).toHaveCount(0);
  await expect(page).not.toHaveURL(/[?&]view=/);
});
