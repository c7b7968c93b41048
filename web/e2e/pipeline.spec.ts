import { expect, test } from "@playwright/test";
import { api, shots, unique } from "./helpers";

test("drag a deal to the next stage; it stays there after a reload", async ({ page }) => {
  const pipelines = await api.get(page, "/api/v1/pipelines");
  const sales = pipelines.find((p: { is_default: boolean }) => p.is_default);
  const [first, second] = sales.stages;
  const deal = await api.post(page, "/api/v1/deals", {
    name: unique("Tea estate handsets"),
    pipeline_id: sales.id,
    stage_id: first.id,
    amount: "275000",
    currency: "BDT",
    expected_close_date: "2026-01-01",
  });

  await page.goto("/pipeline");
  const card = page.getByTestId(`deal-card-${deal.id}`);
  const from = page.getByTestId(`stage-${first.name}`);
  const to = page.getByTestId(`stage-${second.name}`);
  await expect(from.getByTestId(`deal-card-${deal.id}`)).toBeVisible();
  await shots(page, "06-pipeline", async () => {
    await expect(card).toBeVisible();
  });

  await card.scrollIntoViewIfNeeded();
  const a = (await card.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + 40, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + 60, a.y + a.height / 2 + 10, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + 120, { steps: 15 });
  await page.mouse.up();

  // Optimistic: the card is in its new column at once.
  await expect(to.getByTestId(`deal-card-${deal.id}`)).toBeVisible();
  await expect(page.getByText(`moved to ${second.name}`)).toBeVisible();

  await page.reload();
  await expect(
    page.getByTestId(`stage-${second.name}`).getByTestId(`deal-card-${deal.id}`),
  ).toBeVisible();
  const saved = await api.get(page, `/api/v1/deals/${deal.id}`);
  expect(saved.stage_id).toBe(second.id);
});

test("mark a deal lost with a reason from its card", async ({ page }) => {
  const pipelines = await api.get(page, "/api/v1/pipelines");
  const sales = pipelines.find((p: { is_default: boolean }) => p.is_default);
  const deal = await api.post(page, "/api/v1/deals", {
    name: unique("Router upgrade"),
    pipeline_id: sales.id,
    stage_id: sales.stages[0].id,
    amount: "42000",
    currency: "INR",
    expected_close_date: "2026-01-01",
  });
  await page.goto("/pipeline");
  await page.getByRole("button", { name: `Actions for ${deal.name}` }).click();
  await page.getByRole("menuitem", { name: "Lost" }).click();
  const dialog = page.getByRole("dialog", { name: "Mark as lost" });
  await dialog.getByLabel("Reason").fill("Went with a competitor");
  await page.getByRole("option", { name: "Went with a competitor" }).click();
  await dialog.getByRole("button", { name: "Lost" }).click();
  await expect(page.getByTestId(`deal-card-${deal.id}`)).toBeHidden();
  const saved = await api.get(page, `/api/v1/deals/${deal.id}`);
  expect(saved.status).toBe("lost");
  expect(saved.lost_reason).toBe("Went with a competitor");
});
