import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { makePerson, makeSession } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { FieldSource } from "./FieldSource";

const person = makePerson({
  manual_fields: ["city"],
  field_sources: {
    given_name: {
      rule: "trust",
      source: "Shop",
      source_record_id: "r1",
      received_at: "2026-11-20T04:00:00Z",
    },
    city: { rule: "manual" },
  },
});

describe("FieldSource", () => {
  it("says which source, rule and date a value came from", async () => {
    mockApi({ "GET /api/v1/auth/session": () => json(makeSession()) });
    renderWithProviders(<FieldSource person={person} field="given_name" label="First name" />);
    const badge = screen.getByRole("button", { name: /First name: from Shop · most trusted/ });
    expect(badge).toHaveTextContent("Shop");
    await userEvent.click(badge);
    expect(await screen.findByText(/from Shop · most trusted · 20 Nov 2026/)).toBeInTheDocument();
  });

  it("marks a manual edit and clears it with 'Use source value'", async () => {
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "DELETE /api/v1/people/{id}/manual-fields/{field}": () =>
        json({ ...person, manual_fields: [], city: "Dhaka" }),
    });
    renderWithProviders(<FieldSource person={person} field="city" label="City" />);
    await userEvent.click(screen.getByRole("button", { name: "City: Edited in Sampark" }));
    await userEvent.click(await screen.findByRole("button", { name: "Use source value" }));
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE")).toBe(true));
    expect(calls.find((c) => c.method === "DELETE")?.path).toBe(
      `/api/v1/people/${person.id}/manual-fields/city`,
    );
    expect(await screen.findByText("City now comes from the sources again")).toBeInTheDocument();
  });

  it("shows nothing for a field no source gave", () => {
    mockApi({ "GET /api/v1/auth/session": () => json(makeSession()) });
    renderWithProviders(<FieldSource person={person} field="country" label="Country" />);
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });
});
