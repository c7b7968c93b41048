import { expect, test } from "@playwright/test";
import { api, shots, unique } from "./helpers";

test("complete a task on Today", async ({ page }) => {
  const title = unique("Call Arif about the visit");
  const dueAt = new Date(Date.now() - 60 * 60 * 1000).toISOString();
  await api.post(page, "/api/v1/tasks", { title, due_at: dueAt, priority: "high" });

  await page.goto("/");
  const tick = page.getByRole("checkbox", { name: `Mark done: ${title}` });
  await expect(tick).toBeVisible();
  await shots(page, "02-today", async () => {
    await expect(tick).toBeVisible();
  });
  const done = page.waitForResponse(
    (r) => r.url().includes("/complete") && r.request().method() === "POST",
  );
  // click, not check(): the box is the server's answer (it is relabelled "Mark not done" once
  // the POST returns), so it need not flip at the instant of the click, which check() demands.
  await tick.click();
  expect((await done).ok()).toBe(true);
  await expect(page.getByRole("checkbox", { name: `Mark not done: ${title}` })).toBeChecked();

  await page.reload();
  await expect(page.getByRole("heading", { name: "Due today and overdue" })).toBeVisible();
  await expect(page.getByText(title)).toBeHidden();
});
