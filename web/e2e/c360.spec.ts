import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { api, shots, unique } from "./helpers";

/** Serious and critical WCAG 2.1 A/AA violations on the page as it is now (as a11y.spec). */
async function serious(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
}

/** What a Segment library sends: the write key as the HTTP Basic user name, no password. */
function basic(key: string) {
  return { Authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` };
}

async function sendBatch(request: APIRequestContext, key: string, batch: unknown[]) {
  return request.post("/v1/batch", { headers: basic(key), data: { batch } });
}

test("connect a source, send events with its key, read them on the person; rotate the key", async ({
  page,
  request,
}) => {
  // Long (three axe checks, four screenshot pairs): 60 s ran out on a loaded 2-core box.
  test.setTimeout(120_000);
  const tag = unique("").trim();
  const family = `Kabir${tag}`;
  const email = `tahmina.${tag}@example.com`;
  const sourceName = `Web shop ${tag}`;

  // Settings → Sources: create a source; its write key is shown once.
  await page.goto("/settings/sources");
  await expect(page.getByRole("tab", { name: "Sources", selected: true })).toBeVisible();
  await page.getByRole("textbox", { name: "Name" }).fill(sourceName);
  await page.getByRole("combobox", { name: "Kind" }).click();
  await page.getByRole("option", { name: "Website" }).click();
  await page.getByRole("textbox", { name: "Trust priority" }).fill("40");
  await page.getByRole("button", { name: "Create source" }).click();
  const reveal = page.getByRole("dialog", { name: `Write key for ${sourceName}` });
  await expect(reveal).toBeVisible();
  const key = ((await reveal.getByTestId("new-write-key").textContent()) ?? "").trim();
  expect(key).toMatch(/^wk_/);
  await expect(reveal).toContainText(`curl -u "${key}:"`);
  expect(await serious(page)).toEqual([]);
  await shots(page, "30-c360-source-key", async () => {
    await expect(reveal.getByTestId("new-write-key")).toBeVisible();
  });
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();
  const row = page.getByTestId("source-row").filter({ hasText: sourceName });
  await expect(row).toContainText(`${key.slice(0, 10)}…`);
  await expect(page.getByText(key)).toHaveCount(0);
  expect(await serious(page)).toEqual([]);
  await shots(page, "31-c360-sources", async () => {
    await row.scrollIntoViewIfNeeded();
  });

  // A site sends an identify and two tracks with the key, as Segment's libraries do.
  const userId = `u-${tag}`;
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const sent = await sendBatch(request, key, [
    {
      type: "identify",
      userId,
      messageId: `${tag}-1`,
      timestamp: at(30),
      traits: { firstName: "Tahmina", lastName: family, email },
    },
    {
      type: "track",
      userId,
      messageId: `${tag}-2`,
      event: "Product Viewed",
      timestamp: at(20),
      properties: { sku: "TEA-500", price: 450, tags: ["tea", "sylhet"] },
    },
    {
      type: "track",
      userId,
      messageId: `${tag}-3`,
      event: "Order Completed",
      timestamp: at(10),
      properties: { total: 1350, currency: "BDT", items: [{ sku: "TEA-500", qty: 3 }] },
    },
  ]);
  expect(sent.status(), await sent.text()).toBe(200);
  expect(await sent.json()).toMatchObject({ success: true, accepted: 3, duplicates: 0 });

  // The worker files the accepted calls (a moment later); then the person is found by search.
  await expect
    .poll(async () => (await api.get(page, `/api/v1/people?q=${family}`)).items.length, {
      timeout: 30_000,
    })
    .toBe(1);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.keyboard.press("Control+k");
  const search = page.getByRole("combobox", { name: "Search people, companies and deals" });
  await search.fill(family);
  await expect(page.getByRole("option", { name: new RegExp(`Tahmina ${family}`) })).toBeVisible();
  await search.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: `Tahmina ${family}` })).toBeVisible();

  // Events: newest first, each with its source.
  await page.getByRole("tab", { name: "Events" }).click();
  await expect(page).toHaveURL(/tab=events/);
  const events = page.getByTestId("event");
  await expect(events).toHaveCount(3);
  await expect(events.nth(0)).toContainText("Order Completed");
  await expect(events.nth(0)).toContainText(`Track · ${sourceName}`);
  await expect(events.nth(1)).toContainText("Product Viewed");
  await expect(events.nth(2)).toContainText("Identified");
  await expect(events.nth(2)).toContainText(`Identify · ${sourceName}`);

  // Properties open on demand, nested values as JSON.
  await events.nth(0).getByRole("button", { name: "Details of Order Completed" }).click();
  const details = events.nth(0).getByTestId("event-details");
  await expect(details).toContainText("currency");
  await expect(details).toContainText("BDT");
  await expect(details.locator("pre")).toContainText('"sku": "TEA-500"');

  // Identities: the user id and the e-mail, from this source.
  const identities = page.getByTestId("identity");
  await expect(identities.filter({ hasText: email })).toContainText(sourceName);
  await expect(identities.filter({ hasText: userId })).toContainText("User id");
  expect(await serious(page)).toEqual([]);
  await shots(page, "32-c360-person-events", async () => {
    await page.getByRole("tab", { name: "Events" }).scrollIntoViewIfNeeded();
  });

  // Only tracks.
  const types = page.getByRole("group", { name: "Event types" });
  await types.getByText("Track", { exact: true }).click();
  await expect(types.getByRole("checkbox", { name: "Track" })).toBeChecked();
  await expect(events).toHaveCount(2);
  await expect(events.filter({ hasText: "Identified" })).toHaveCount(0);
  await shots(page, "33-c360-events-tracks", async () => {
    await types.scrollIntoViewIfNeeded();
  });

  // Rotate the key: the new one is shown once, and the old one is refused at once.
  await page.goto("/settings/sources");
  await row.getByRole("button", { name: `Rotate key of ${sourceName}` }).click();
  const confirm = page.getByRole("dialog", { name: `Rotate the write key of ${sourceName}?` });
  await confirm.getByRole("button", { name: "Rotate key" }).click();
  await expect(reveal).toBeVisible();
  const newKey = ((await reveal.getByTestId("new-write-key").textContent()) ?? "").trim();
  expect(newKey).toMatch(/^wk_/);
  expect(newKey).not.toBe(key);
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(row).toContainText(`${newKey.slice(0, 10)}…`);

  const ping = { type: "track", userId, event: "Ping", messageId: `${tag}-4` };
  expect((await sendBatch(request, key, [ping])).status()).toBe(401);
  expect((await sendBatch(request, newKey, [ping])).status()).toBe(200);
});

test("a person without events says how events arrive", async ({ page }) => {
  const person = await api.post(page, "/api/v1/people", {
    given_name: "Rubina",
    family_name: unique("Quiet").replace(" ", ""),
  });
  await page.goto(`/people/${person.id}?tab=events`);
  await expect(page.getByRole("tab", { name: "Events", selected: true })).toBeVisible();
  await expect(page.getByText(/No identifiers yet/)).toBeVisible();
  const empty = page.getByTestId("events-empty");
  await expect(empty).toContainText("Events arrive when");
  await empty.getByRole("link", { name: "Connect a source in Settings → Sources." }).click();
  await expect(page).toHaveURL(/\/settings\/sources$/);
  await expect(page.getByRole("tab", { name: "Sources", selected: true })).toBeVisible();
  await page.goBack();
  await expect(empty).toBeVisible();
  expect(await serious(page)).toEqual([]);
  await shots(page, "34-c360-events-empty", async () => {
    await page.getByRole("tab", { name: "Events" }).scrollIntoViewIfNeeded();
  });
});
