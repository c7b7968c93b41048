import { expect, test } from "@playwright/test";
import { api, shots } from "./helpers";

interface Run {
  id: string;
  finished_at: string | null;
  status: string;
  error: string | null;
}

test("resolution queues likely duplicates; decide them in the review queue", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/");
  // Two records of one person as two teams typed them: same phone and city, name spelt apart.
  await api.post(page, "/api/v1/people", {
    given_name: "Anwar",
    family_name: "Hossain",
    city: "Sylhet",
    phones: [{ number: "+8801719990011", label: "mobile", primary: true }],
    emails: [{ email: "anwar.h@example.com", label: "work", primary: true }],
  });
  await api.post(page, "/api/v1/people", {
    given_name: "Anowar",
    family_name: "Hosain",
    city: "Sylhet",
    phones: [{ number: "+8801719990011", label: "mobile", primary: true }],
    emails: [{ email: "anowar.hosain@example.net", label: "home", primary: true }],
  });

  // Run resolution through the API (as `sampark resolve` would) and wait for it.
  const started: Run = await api.post(page, "/api/v1/resolution/runs", {});
  await expect
    .poll(
      async () => {
        const run: Run = await api.get(page, `/api/v1/resolution/runs/${started.id}`);
        return run.finished_at ? run.status : "running";
      },
      { timeout: 150_000, intervals: [1000] },
    )
    .not.toBe("running");

  await page.goto("/review");
  await expect(page.getByRole("heading", { level: 1, name: "Duplicates to review" })).toBeVisible();
  const pair = page.getByTestId("pair");
  await expect(pair).toBeVisible();
  await expect(pair).toContainText(/\d+% likely the same person/);
  await expect(pair.getByTestId("evidence").first()).toBeVisible();
  await expect(page.getByTestId("shortcuts")).toContainText("Merge");
  await shots(page, "50-review-queue", async () => {
    await expect(pair).toBeVisible();
  });

  // Decide pairs one by one until the queue is empty: merge the first, reject the rest (N key).
  const first = (await pair.textContent()) ?? "";
  await pair.getByRole("button", { name: /^Merge/ }).click();
  await expect(page.getByText("Merged", { exact: true })).toBeVisible();
  await expect(pair.or(page.getByTestId("review-empty"))).not.toHaveText(first);
  for (let i = 0; i < 60; i++) {
    if (await page.getByTestId("review-empty").isVisible()) break;
    const before = (await pair.textContent()) ?? "";
    await page.keyboard.press("n");
    await expect(pair.or(page.getByTestId("review-empty"))).not.toHaveText(before);
  }
  await expect(page.getByTestId("review-empty")).toContainText("sampark resolve");
  await shots(page, "51-review-empty");

  // Decisions are remembered: running resolution again proposes none of these pairs again.
  const again: Run = await api.post(page, "/api/v1/resolution/runs", {});
  await expect
    .poll(
      async () => {
        const run: Run = await api.get(page, `/api/v1/resolution/runs/${again.id}`);
        return run.finished_at ? run.status : "running";
      },
      { timeout: 150_000, intervals: [1000] },
    )
    .not.toBe("running");
  await page.reload();
  await expect(page.getByTestId("review-empty")).toBeVisible();
});
