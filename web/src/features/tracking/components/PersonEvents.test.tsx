import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { makeFormat } from "../../../i18n/format";
import { makeSession, makeUser, page } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import type { Identity, TrackedEvent } from "../hooks/usePersonEvents";
import { PersonEvents } from "./PersonEvents";

const SHOP = "00000000-0000-7000-8000-0000000000b1";
const PERSON = "00000000-0000-7000-8000-0000000000c1";

function event(over: Partial<TrackedEvent>): TrackedEvent {
  return {
    id: `ev-${Math.random().toString(36).slice(2)}`,
    type: "track",
    name: "Order Completed",
    source_id: SHOP,
    message_id: "m-1",
    user_id: "u-1001",
    anonymous_id: null,
    properties: {},
    context: {},
    occurred_at: "2026-11-23T04:30:00Z",
    received_at: "2026-11-23T04:30:01Z",
    ...over,
  };
}

const identities: Identity[] = [
  {
    kind: "email",
    value: "nusrat@example.com",
    source_id: SHOP,
    created_at: "2026-11-20T04:30:00Z",
    weak: false,
  },
  {
    kind: "phone",
    value: "+8801711000111",
    source_id: SHOP,
    created_at: "2026-11-20T04:30:00Z",
    weak: true,
  },
];

const source = {
  id: SHOP,
  name: "Web shop",
  kind: "web",
  trust_priority: 40,
  is_active: true,
  write_key_prefix: "wk_x",
  created_at: "2026-11-01T00:00:00Z",
  updated_at: "2026-11-01T00:00:00Z",
  version: 1,
};

describe("PersonEvents", () => {
  it("lists events newest first with their source, filters by type and expands properties", async () => {
    const order = event({
      properties: { total: 1250, currency: "BDT", items: [{ sku: "TEA-1", qty: 2 }] },
    });
    const identify = event({
      type: "identify",
      name: null,
      occurred_at: "2026-11-22T04:30:00Z",
      properties: { firstName: "Nusrat" },
    });
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/sources": () => json([source]),
      "GET /api/v1/people/{id}/identities": () => json(identities),
      "GET /api/v1/people/{id}/events": (call) => {
        const types = call.search.getAll("type");
        const all = [order, identify];
        return json(page(types.length ? all.filter((e) => types.includes(e.type)) : all));
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<PersonEvents personId={PERSON} />);

    const rows = await screen.findAllByTestId("event");
    expect(rows).toHaveLength(2);
    const [first, second] = rows as [HTMLElement, HTMLElement];
    expect(first).toHaveTextContent("Order Completed");
    expect(first).toHaveTextContent("Track · Web shop");
    const fmt = makeFormat("en");
    const when = `${fmt.date(order.occurred_at)}, ${fmt.time(order.occurred_at)}`;
    expect(within(first).getByText(when)).toHaveAttribute("datetime", order.occurred_at);
    // An identify has no name of its own.
    expect(second).toHaveTextContent("Identified");

    // Properties open on demand: plain values as text, nested ones as indented JSON.
    const toggle = within(first).getByRole("button", { name: "Details of Order Completed" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(within(first).queryByTestId("event-details")).not.toBeInTheDocument();
    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    const details = within(first).getByTestId("event-details");
    expect(within(details).getByText("total")).toBeInTheDocument();
    expect(within(details).getByText("1250")).toBeInTheDocument();
    expect(within(details).getByText("BDT")).toBeInTheDocument();
    expect(details.querySelector("pre")?.textContent).toBe(
      JSON.stringify([{ sku: "TEA-1", qty: 2 }], null, 2),
    );

    // Filtering by two types asks the API with repeated type= parameters.
    await user.click(screen.getByRole("checkbox", { name: "Track" }));
    await user.click(screen.getByRole("checkbox", { name: "Page" }));
    await waitFor(() =>
      expect(
        calls.some(
          (c) => c.path.endsWith("/events") && c.search.getAll("type").join() === "page,track",
        ),
      ).toBe(true),
    );
    await waitFor(() => expect(screen.getAllByTestId("event")).toHaveLength(1));
    expect(screen.getByTestId("event")).toHaveTextContent("Order Completed");
    const last = calls.filter((c) => c.path === `/api/v1/people/${PERSON}/events`).at(-1);
    expect(last?.search.toString()).toMatch(/^type=page&type=track&limit=25$/);

    // "All" clears the filter.
    await user.click(screen.getByRole("checkbox", { name: "All" }));
    await waitFor(() => expect(screen.getAllByTestId("event")).toHaveLength(2));
  });

  it("shows identities with their source and a weak badge that explains itself", async () => {
    mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/sources": () => json([source]),
      "GET /api/v1/people/{id}/identities": () => json(identities),
      "GET /api/v1/people/{id}/events": () => json(page([])),
    });
    const user = userEvent.setup();
    renderWithProviders(<PersonEvents personId={PERSON} />);
    const items = await screen.findAllByTestId("identity");
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent("E-mail");
    expect(items[0]).toHaveTextContent("nusrat@example.com");
    await waitFor(() => expect(items[0]).toHaveTextContent("Web shop"));
    expect(within(items[0] as HTMLElement).queryByTestId("weak-identity")).toBeNull();
    const weak = within(items[1] as HTMLElement).getByTestId("weak-identity");
    await user.tab();
    while (document.activeElement !== weak) await user.tab();
    expect(await screen.findByRole("tooltip")).toHaveTextContent("it no longer merges people");
    // No events yet: say how they arrive, and where an admin connects a source.
    expect(screen.getByTestId("events-empty")).toHaveTextContent("Events arrive when");
    expect(
      screen.getByRole("link", { name: "Connect a source in Settings → Sources." }),
    ).toHaveAttribute("href", "/settings/sources");
  });

  it("leaves the source out for someone who may not read sources", async () => {
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession(makeUser({ role: "sales" }))),
      "GET /api/v1/roles": () =>
        json([{ role: "sales", grants: { sources: { visibility: "none", write: false } } }]),
      "GET /api/v1/people/{id}/identities": () => json([]),
      "GET /api/v1/people/{id}/events": () => json(page([event({})])),
    });
    renderWithProviders(<PersonEvents personId={PERSON} />);
    const row = await screen.findByTestId("event");
    expect(row).toHaveTextContent("Order Completed");
    await waitFor(() => expect(calls.some((c) => c.path === "/api/v1/roles")).toBe(true));
    expect(row).not.toHaveTextContent("·");
    expect(calls.some((c) => c.path === "/api/v1/sources")).toBe(false);
    expect(screen.getByText(/No identifiers yet/)).toBeInTheDocument();
  });
});
