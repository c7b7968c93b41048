import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { HistoryEntry } from "../../../api/types";
import { makeFormat } from "../../../i18n/format";
import { makeCompany, makeSession, makeUser, page } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { changeRows } from "../history";
import { RecordHistory } from "./RecordHistory";

const esha = makeUser({ display_name: "Esha Test" });
const oldCo = makeCompany({ name: "Meghna Traders" });
const newCo = makeCompany({ name: "Zeta Zamindar Exports" });

function entry(over: Partial<HistoryEntry>): HistoryEntry {
  return {
    seq: 1,
    occurred_at: "2026-11-23T04:30:00Z",
    actor_id: esha.id,
    actor_email: "e2e@example.com",
    action: "update",
    object_type: "people",
    object_id: "p1",
    changes: {},
    ...over,
  };
}

describe("changeRows", () => {
  it("turns field diffs into rows, one per custom field, without the derived name", () => {
    expect(
      changeRows({
        city: { before: "Sylhet", after: "Dhaka" },
        given_name: { before: "Rahim", after: "Rahman" },
        display_name: { before: "Rahim Uddin", after: "Rahman Uddin" },
        custom_fields: {
          before: { tier: "gold", since: 2020 },
          after: { tier: "silver", since: 2020 },
        },
      }),
    ).toEqual([
      { field: "city", before: "Sylhet", after: "Dhaka", hasBefore: true },
      { field: "given_name", before: "Rahim", after: "Rahman", hasBefore: true },
      { field: "cf.tier", before: "gold", after: "silver", hasBefore: true },
    ]);
  });

  it("shows a creation's summary as values without a before", () => {
    expect(changeRows({ display_name: "Rahim Uddin" })).toEqual([
      { field: "display_name", before: undefined, after: "Rahim Uddin", hasBefore: false },
    ]);
  });
});

describe("RecordHistory", () => {
  it("lists who changed what and when, with names for linked records", async () => {
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/users": () => json([esha]),
      "GET /api/v1/custom-fields": () => json([]),
      "GET /api/v1/companies/{id}": (call) => json(call.path.endsWith(oldCo.id) ? oldCo : newCo),
      "GET /api/v1/audit/records/{type}/{id}": () =>
        json(
          page([
            entry({
              seq: 2,
              changes: {
                company_id: { before: oldCo.id, after: newCo.id },
                city: { before: null, after: "Dhaka" },
                lifecycle_stage: { before: "lead", after: "customer" },
              },
            }),
            entry({
              seq: 1,
              action: "create",
              actor_id: null,
              changes: { display_name: "Rahim Uddin" },
            }),
          ]),
        ),
    });
    renderWithProviders(<RecordHistory objectType="people" id="p1" />);

    const items = await screen.findAllByTestId("history-entry");
    expect(items).toHaveLength(2);
    const [update, create] = items as [HTMLElement, HTMLElement];
    expect(await within(update).findByText("Esha Test")).toBeInTheDocument();
    expect(update).toHaveTextContent("Esha Test made changes");
    expect(await within(update).findByText("Meghna Traders")).toBeInTheDocument();
    expect(await within(update).findByText("Zeta Zamindar Exports")).toBeInTheDocument();
    expect(update).toHaveTextContent("Company: Meghna Traders → changed toZeta Zamindar Exports");
    expect(update).toHaveTextContent("City: empty → changed toDhaka");
    expect(update).toHaveTextContent("Stage: Lead → changed toCustomer");
    // A local date with the time, in the language of the interface.
    const fmt = makeFormat("en");
    const when = `${fmt.date("2026-11-23T04:30:00Z")}, ${fmt.time("2026-11-23T04:30:00Z")}`;
    expect(when).toMatch(/23 Nov 2026/);
    expect(within(update).getByText(when)).toHaveAttribute("datetime", "2026-11-23T04:30:00Z");
    // Someone who is not a user any more (or a sign-in) is named by e-mail.
    expect(create).toHaveTextContent("e2e@example.com created this record");
    expect(create).toHaveTextContent("Name: Rahim Uddin");

    const history = calls.find((c) => c.path.startsWith("/api/v1/audit/records/"));
    expect(history?.path).toBe("/api/v1/audit/records/people/p1");
  });

  it("says so when nothing was recorded", async () => {
    mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/users": () => json([]),
      "GET /api/v1/custom-fields": () => json([]),
      "GET /api/v1/audit/records/{type}/{id}": () => json(page([])),
    });
    renderWithProviders(<RecordHistory objectType="companies" id="c1" />);
    expect(await screen.findByText("No changes recorded yet.")).toBeInTheDocument();
  });
});
