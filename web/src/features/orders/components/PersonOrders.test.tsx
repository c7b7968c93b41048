import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { makeSession, page } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import type { Order } from "../hooks/useOrders";
import { PersonOrders } from "./PersonOrders";

const PERSON = "00000000-0000-7000-8000-0000000000c1";

function order(over: Partial<Order> = {}): Order {
  return {
    id: "00000000-0000-7000-8000-0000000000d1",
    source_id: "00000000-0000-7000-8000-0000000000b1",
    source_name: "Till 1",
    order_number: "DH-1",
    person_id: PERSON,
    customer: { email: "rahim@example.com" },
    placed_at: "2026-11-20T04:30:00Z",
    channel: "store",
    store: "Gulshan 2",
    currency: "BDT",
    total: "1250.00",
    refunded_total: "0.00",
    status: "paid",
    lines: [
      {
        sku: "TEA-500",
        name: "Sylhet tea 500 g",
        quantity: "2",
        unit_price: "450.00",
        line_total: "900.00",
      },
      { sku: "MUG-1", name: "Mug", quantity: "1", unit_price: "350.00", line_total: "350.00" },
    ],
    refunds: [],
    created_at: "2026-11-20T04:30:00Z",
    updated_at: "2026-11-20T04:30:00Z",
    version: 1,
    ...over,
  };
}

describe("PersonOrders", () => {
  it("shows orders, opens their lines and refunds within what is left", async () => {
    let current = order();
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/people/{id}/orders": () => json(page([current])),
      "POST /api/v1/orders/{id}/refunds": (call) => {
        const body = call.body as { amount: string };
        current = order({ refunded_total: body.amount, status: "partially_refunded" });
        return json(current, 201);
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<PersonOrders personId={PERSON} />);

    const row = await screen.findByTestId("order-row");
    expect(row).toHaveTextContent("DH-1");
    expect(row).toHaveTextContent("Paid");
    await user.click(within(row).getByRole("button", { name: "Lines of order DH-1" }));
    expect(screen.getByTestId("order-lines")).toHaveTextContent("Sylhet tea 500 g");

    await user.click(within(row).getByRole("button", { name: "Refund" }));
    const amount = await screen.findByLabelText(/Amount \(BDT\)/);
    await user.type(amount, "2000");
    await user.click(screen.getByRole("button", { name: "Record refund" }));
    expect(await screen.findByText("At most 1250 is left to refund")).toBeInTheDocument();
    expect(calls.some((c) => c.method === "POST")).toBe(false);

    await user.clear(amount);
    await user.type(amount, "350.00");
    await user.click(screen.getByRole("button", { name: "Record refund" }));
    await waitFor(() => expect(calls.some((c) => c.method === "POST")).toBe(true));
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      amount: "350.00",
      reason: null,
    });
    await waitFor(() =>
      expect(screen.getByTestId("order-status")).toHaveTextContent("Partly refunded"),
    );
  });
});
