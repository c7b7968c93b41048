import { expect, test } from "@playwright/test";
import { api, shots, unique } from "./helpers";

test("merge two records of the same person, see the survivor, then undo", async ({ page }) => {
  const tag = unique("").trim();
  const family = `Sarkar${tag}`;
  await page.goto("/");
  const first = await api.post(page, "/api/v1/people", {
    given_name: "Mitali",
    family_name: family,
    emails: [{ email: `mitali.${tag}@example.com`, label: "work", primary: true }],
  });
  const second = await api.post(page, "/api/v1/people", {
    given_name: "Mitali",
    family_name: family,
    emails: [{ email: `mitali.home.${tag}@example.com`, label: "home", primary: true }],
  });
  await api.post(page, "/api/v1/activities", {
    kind: "call",
    subject: `Asked about tea ${tag}`,
    person_id: second.id,
  });

  // On the first: Merge with… → pick the second → both side by side → Merge.
  await page.goto(`/people/${first.id}`);
  await expect(page.getByRole("heading", { level: 1, name: `Mitali ${family}` })).toBeVisible();
  await page.getByRole("button", { name: "Merge with…" }).click();
  const dialog = page.getByRole("dialog", { name: "Merge a duplicate into this person" });
  await dialog.getByRole("combobox", { name: "The duplicate to merge in" }).fill(`home.${tag}`);
  await page.getByRole("option", { name: new RegExp(`mitali\\.home\\.${tag}`) }).click();
  const emails = dialog.getByTestId("compare-email");
  await expect(emails).toContainText(`mitali.${tag}@example.com`);
  await expect(emails).toContainText(`mitali.home.${tag}@example.com`);
  await shots(page, "40-merge-dialog", async () => {
    await expect(emails).toBeVisible();
  });
  await dialog.getByRole("button", { name: "Merge", exact: true }).click();
  await expect(dialog).toBeHidden();

  // The survivor has both e-mails (reload shows what the server holds) and the activity.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: `Mitali ${family}` })).toBeVisible();
  const merged = await api.get(page, `/api/v1/people/${first.id}`);
  expect(merged.emails.map((e: { email: string }) => e.email).sort()).toEqual(
    [`mitali.${tag}@example.com`, `mitali.home.${tag}@example.com`].sort(),
  );
  await expect(page.getByText(`Asked about tea ${tag}`)).toBeVisible();

  // Merge history: one merge in, with the activity moved.
  await page.getByRole("tab", { name: "Merges" }).click();
  const item = page.getByTestId("merge-item");
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("Merged in:");
  await expect(item).toContainText("1 activity");
  await shots(page, "41-merge-history", async () => {
    await expect(item).toBeVisible();
  });

  // The retired person's page says where it went.
  await page.goto(`/people/${second.id}`);
  const banner = page.getByTestId("merged-banner");
  await expect(banner).toContainText(`Mitali ${family}`);
  await shots(page, "42-merged-banner", async () => {
    await expect(banner).toBeVisible();
  });

  // Undo from the survivor's history: both are live again with their own records.
  await page.goto(`/people/${first.id}?tab=merges`);
  await page.getByTestId("merge-item").getByRole("button", { name: "Undo merge" }).click();
  const confirm = page.getByRole("dialog", { name: "Undo this merge?" });
  await confirm.getByRole("button", { name: "Undo merge" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId("merge-item")).toContainText("Undone");

  await page.goto(`/people/${second.id}`);
  await expect(page.getByRole("heading", { level: 1, name: `Mitali ${family}` })).toBeVisible();
  await expect(page.getByText(`Asked about tea ${tag}`)).toBeVisible();
  const back = await api.get(page, `/api/v1/people/${first.id}`);
  expect(back.emails.map((e: { email: string }) => e.email)).toEqual([`mitali.${tag}@example.com`]);
});
