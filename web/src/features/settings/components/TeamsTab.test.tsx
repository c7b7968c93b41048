import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Team } from "../../../api/types";
import { makeUser } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { teamChanges } from "./TeamEditForm";
import { TeamsTab } from "./TeamsTab";

const nusrat = makeUser({ display_name: "Nusrat Jahan" });
const rahim = makeUser({ display_name: "Rahim Uddin", email: "rahim@example.com" });
const team: Team = {
  id: "t1",
  name: "Dhaka sales",
  description: null,
  member_ids: [nusrat.id],
  lead_ids: [nusrat.id],
  created_at: "2026-11-23T10:00:00Z",
  updated_at: "2026-11-23T10:00:00Z",
  version: 3,
};

describe("teamChanges", () => {
  it("sends only what changed, and drops leads who are no longer members", () => {
    const same = { name: "Dhaka sales", description: "", member_ids: [nusrat.id], lead_ids: [] };
    expect(teamChanges(team, { ...same, lead_ids: [nusrat.id] })).toEqual({});
    expect(teamChanges(team, { ...same, member_ids: [rahim.id], lead_ids: [nusrat.id] })).toEqual({
      member_ids: [rahim.id],
      lead_ids: [],
    });
    expect(teamChanges(team, { ...same, name: " Sylhet sales ", lead_ids: [nusrat.id] })).toEqual({
      name: "Sylhet sales",
    });
  });
});

describe("Settings → Teams", () => {
  it("renames a team with If-Match, and resolves a conflict by keeping theirs", async () => {
    let attempt = 0;
    const { calls } = mockApi({
      "GET /api/v1/teams": () => json([team]),
      "GET /api/v1/users": () => json([nusrat, rahim]),
      "PATCH /api/v1/teams/{id}": () => {
        attempt += 1;
        const theirs = { ...team, member_ids: [nusrat.id, rahim.id], version: 4 };
        return attempt === 1
          ? json({ status: 412, code: "version_mismatch", current: theirs }, 412)
          : json({ ...theirs, version: 5 });
      },
    });
    renderWithProviders(<TeamsTab />);
    await userEvent.click(await screen.findByRole("button", { name: "Edit team Dhaka sales" }));
    const form = await screen.findByRole("dialog", { name: "Edit team Dhaka sales" });
    const name = within(form).getByRole("textbox", { name: /^Team name/ });
    await userEvent.clear(name);
    await userEvent.type(name, "Sylhet sales");
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));

    const conflict = await screen.findByRole("dialog", { name: "Someone else saved first" });
    // Their change, with names rather than ids.
    expect(within(conflict).getByText("Nusrat Jahan, Rahim Uddin")).toBeInTheDocument();
    const patch = calls.find((c) => c.method === "PATCH");
    expect(patch?.headers.get("If-Match")).toBe("3");
    expect(patch?.body).toEqual({ name: "Sylhet sales" });

    await userEvent.click(within(conflict).getByRole("button", { name: "Keep theirs" }));
    await waitFor(() => expect(name).toHaveValue("Dhaka sales"));
  });

  it("asks before deleting a team", async () => {
    const { calls } = mockApi({
      "GET /api/v1/teams": () => json([team]),
      "GET /api/v1/users": () => json([nusrat]),
      "DELETE /api/v1/teams/{id}": () => new Response(null, { status: 204 }),
    });
    renderWithProviders(<TeamsTab />);
    await userEvent.click(await screen.findByRole("button", { name: "Delete team Dhaka sales" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete team Dhaka sales?" });
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    expect(await screen.findByText("Team Dhaka sales deleted")).toBeInTheDocument();
    expect(calls.some((c) => c.method === "DELETE" && c.path === "/api/v1/teams/t1")).toBe(true);
  });
});
