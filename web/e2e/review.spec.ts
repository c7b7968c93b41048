import { expect, type Page, test } from "@playwright/test";
import { api, shots, unique } from "./helpers";

interface Run {
  id: string;
  status: string;
  finished_at: string | null;
}
interface Candidate {
  person_a: { id: string };
  person_b: { id: string };
}

/** Run resolution through the API (as `sampark resolve` would) and wait until it is over. */
async function resolve(page: Page) {
  let started: Run | null = null;
  // 409 while another journey's run is running: try again.
  await expect
    .poll(
      async () => {
        const r = await page.request.post("/api/v1/resolution/runs", {
          data: { dry_run: false },
          headers: {
            "X-CSRF-Token":
              (await page.context().cookies()).find((c) => c.name === "sampark_csrf")?.value ?? "",
          },
        });
        if (r.ok()) started = await r.json();
        return r.status();
      },
      { timeout: 60_000, intervals: [1000] },
    )
    .toBe(202);
  const id = (started as unknown as Run).id;
  await expect
    .poll(
      async () => {
        const run: Run = await api.get(page, `/api/v1/resolution/runs/${id}`);
        return run.finished_at || run.status !== "running" ? run.status : "running";
      },
      { timeout: 120_000, intervals: [1000] },
    )
    .toBe("done");
}

async function pendingWith(page: Page, ids: string[]) {
  const body = await api.get(page, "/api/v1/match-candidates?status=pending&limit=200");
  return (body.items as Candidate[]).filter(
    (c) => ids.includes(c.person_a.id) || ids.includes(c.person_b.id),
  ).length;
}

test("resolution queues likely duplicates; merge one pair and reject another in the queue", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const tag = unique("").trim();
  const digits = () => String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  await page.goto("/");
  // Two records of one person as two teams typed them: same phone and city, name spelt apart.
  const phone1 = `+88017${digits()}`;
  const a1 = await api.post(page, "/api/v1/people", {
    given_name: "Anwar",
    family_name: `Hossain${tag}`,
    city: "Sylhet",
    phones: [{ number: phone1 }],
    emails: [{ email: `anwar.${tag}@example.com` }],
  });
  const a2 = await api.post(page, "/api/v1/people", {
    given_name: "Anowar",
    family_name: `Hossain${tag}`,
    city: "Sylhet",
    phones: [{ number: phone1 }],
    emails: [{ email: `anowar.${tag}@example.net` }],
  });
  // Two who look alike but whom the user knows apart.
  const phone2 = `+88018${digits()}`;
  const b1 = await api.post(page, "/api/v1/people", {
    given_name: "Jaya",
    family_name: `Dasgupta${tag}`,
    city: "Khulna",
    phones: [{ number: phone2 }],
    emails: [{ email: `jaya.${tag}@example.com` }],
  });
  const b2 = await api.post(page, "/api/v1/people", {
    given_name: "Joya",
    family_name: `Dasgupta${tag}`,
    city: "Khulna",
    phones: [{ number: phone2 }],
    emails: [{ email: `joya.${tag}@example.net` }],
  });
  await resolve(page);

  await page.goto("/review");
  await expect(page.getByRole("heading", { level: 1, name: "Duplicates to review" })).toBeVisible();
  await expect(page.getByTestId("shortcuts")).toContainText("Merge");
  const pair = page.getByTestId("pair");

  // Our first pair: evidence shown, the older profile chosen to survive, merged.
  await page
    .getByTestId("pair-item")
    .filter({ hasText: `Anowar Hossain${tag}` })
    .click();
  await expect(pair).toContainText(`Anowar Hossain${tag}`);
  await expect(pair).toContainText(/\d+% likely the same person/);
  await expect(pair.getByTestId("evidence").first()).toBeVisible();
  await expect(pair.getByTestId("compare-phone")).toContainText("Agrees");
  await expect(pair.getByRole("radio", { name: `Anwar Hossain${tag}` })).toBeChecked();
  await shots(page, "50-review-queue", async () => {
    await expect(pair).toBeVisible();
  });
  await pair.getByRole("button", { name: /^Merge/ }).click();
  await expect(page.getByText("Merged", { exact: true })).toBeVisible();
  await expect(
    page.getByTestId("pair-item").filter({ hasText: `Anowar Hossain${tag}` }),
  ).toHaveCount(0);

  // The second pair, by keyboard: N says they are different people.
  await page
    .getByTestId("pair-item")
    .filter({ hasText: `Joya Dasgupta${tag}` })
    .click();
  await expect(pair).toContainText(`Joya Dasgupta${tag}`);
  await page.keyboard.press("n");
  await expect(page.getByText("Marked as different people")).toBeVisible();
  await expect(page.getByTestId("pair-item").filter({ hasText: `Dasgupta${tag}` })).toHaveCount(0);

  // The merge happened: the survivor has both e-mails; the other is retired.
  const kept = await api.get(page, `/api/v1/people/${a1.id}`);
  expect(kept.emails).toHaveLength(2);
  expect((await page.request.get(`/api/v1/people/${a2.id}`)).status()).toBe(404);

  // Decisions are remembered: resolving again proposes neither pair.
  await resolve(page);
  expect(await pendingWith(page, [a1.id, a2.id, b1.id, b2.id])).toBe(0);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Duplicates to review" })).toBeVisible();
  await shots(page, "51-review-queue-after");
});
