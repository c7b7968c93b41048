import { expect, test } from "@playwright/test";
import { api, shots, unique } from "./helpers";

test("an order from a till shows on the person's timeline and orders tab, and is refunded in the UI", async ({
  page,
}) => {
  await page.goto("/");
  const tag = unique("").trim();
  const number = `DH-${tag}`;
  // A till sends an order for a new customer: the customer becomes a person.
  const order = await api.post(page, "/api/v1/orders", {
    order_number: number,
    customer: { email: `rahim.${tag}@example.com`, name: `Rahim ${tag}` },
    channel: "store",
    store: "Gulshan 2",
    currency: "BDT",
    total: "1250.00",
    lines: [
      { sku: "TEA-500", name: "Sylhet tea 500 g", quantity: "2", unit_price: "450.00" },
      { sku: "MUG-1", name: "Mug", quantity: "1", unit_price: "350.00" },
    ],
  });
  expect(order.person_id).toBeTruthy();

  await page.goto(`/people/${order.person_id}`);
  await expect(page.getByTestId("rfm-segment")).toBeVisible();
  await expect(page.getByTestId("traits-orders")).toHaveText("1");

  await page.getByRole("tab", { name: "Timeline" }).click();
  const item = page.getByTestId("timeline-item").filter({ hasText: `Order ${number}` });
  await expect(item).toBeVisible();
  await shots(page, "40-orders-timeline");

  await page.getByRole("tab", { name: "Orders" }).click();
  const row = page.getByTestId("order-row").filter({ hasText: number });
  await expect(row).toContainText("Paid");
  await row.getByRole("button", { name: `Lines of order ${number}` }).click();
  await expect(page.getByTestId("order-lines")).toContainText("Sylhet tea 500 g");

  await row.getByRole("button", { name: "Refund" }).click();
  const dialog = page.getByRole("dialog", { name: `Refund order ${number}` });
  await dialog.getByRole("textbox", { name: /Amount/ }).fill("2000");
  await dialog.getByRole("button", { name: "Record refund" }).click();
  await expect(dialog).toContainText("At most 1250 is left to refund");
  await dialog.getByRole("textbox", { name: /Amount/ }).fill("350.00");
  await dialog.getByRole("textbox", { name: "Reason" }).fill("broken mug");
  await dialog.getByRole("button", { name: "Record refund" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("Partly refunded");
  await shots(page, "41-orders-tab");

  await page.getByRole("tab", { name: "Timeline" }).click();
  await expect(page.getByTestId("timeline-item").first()).toHaveAttribute("data-kind", "refund");

  await page.goto("/orders");
  await page.getByRole("textbox", { name: "Search order numbers" }).fill(number);
  await expect(page.getByTestId("order-row")).toHaveCount(1);
  await shots(page, "42-orders-list");
});
