import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { makeSession, page } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import type { TimelineItem, Traits } from "../hooks/useProfile";
import { PersonTimeline } from "./PersonTimeline";
import { TraitsCard } from "./TraitsCard";

const PERSON = "00000000-0000-7000-8000-0000000000c1";

const items: TimelineItem[] = [
  {
    kind: "order",
    id: "00000000-0000-7000-8000-0000000000e1",
    occurred_at: "2026-11-22T04:30:00Z",
    title: "Order DH-1",
    summary: "1250.00 BDT · store",
    detail: {},
  },
  {
    kind: "page",
    id: "00000000-0000-7000-8000-0000000000e2",
    occurred_at: "2026-11-21T04:30:00Z",
    title: "Viewed /pricing",
    summary: null,
    detail: {},
  },
];

describe("PersonTimeline", () => {
  it("lists kinds newest first and filters with chips", async () => {
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/people/{id}/timeline": (call) => {
        const kinds = call.search.getAll("kinds");
        return json(page(kinds.length ? items.filter((i) => kinds.includes(i.kind)) : items));
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<PersonTimeline personId={PERSON} />);
    const rows = await screen.findAllByTestId("timeline-item");
    expect(rows.map((r) => r.dataset.kind)).toEqual(["order", "page"]);
    expect(rows[0]).toHaveTextContent("Order · 1250.00 BDT · store");
    await user.click(screen.getByRole("checkbox", { name: "Order" }));
    await waitFor(() =>
      expect(calls.some((c) => c.search.getAll("kinds").join() === "order")).toBe(true),
    );
    await waitFor(() => expect(screen.getAllByTestId("timeline-item")).toHaveLength(1));
  });

  it("says so when nothing happened", async () => {
    mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/people/{id}/timeline": () => json(page([])),
    });
    renderWithProviders(<PersonTimeline personId={PERSON} />);
    expect(await screen.findByTestId("timeline-empty")).toHaveTextContent(
      "Nothing has happened with this person yet.",
    );
  });
});

describe("TraitsCard", () => {
  it("shows the segment, spend and orders", async () => {
    const traits: Traits = {
      person_id: PERSON,
      first_seen: "2026-01-01T00:00:00Z",
      last_seen: "2026-11-22T04:30:00Z",
      orders_count: 3,
      last_order_at: "2026-11-22T04:30:00Z",
      days_since_last_order: 1,
      spend: [{ currency: "BDT", total: "3750.00", average_order_value: "1250.00" }],
      total_spend: "3750.00",
      average_order_value: "1250.00",
      currency: "BDT",
      rfm: {
        recency: 5,
        frequency: 4,
        monetary: 5,
        segment: "Champions",
        currency: "BDT",
        boundaries_computed_at: null,
      },
      engagement_score: 42,
      most_used_channel: "store",
      identities_count: 2,
      identity_kinds: { email: 1, phone: 1 },
      sources: ["Till 1"],
    };
    mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/people/{id}/traits": () => json(traits),
    });
    renderWithProviders(<TraitsCard personId={PERSON} />);
    expect(await screen.findByTestId("rfm-segment")).toHaveTextContent("Champions");
    expect(screen.getByTestId("traits-orders")).toHaveTextContent("3");
    expect(screen.getByTestId("traits")).toHaveTextContent("42 / 100");
    expect(screen.getByTestId("traits")).toHaveTextContent("Store");
  });
});
