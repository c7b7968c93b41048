import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { makePerson, makeSession, makeUser, page } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { PeopleListPage } from "../../people/components/PeopleListPage";
import type { SavedView } from "../state";

const me = makeUser({ display_name: "Nusrat Jahan", role: "sales" });
const LEADS = JSON.stringify({ and: [{ field: "lifecycle_stage", op: "eq", value: "lead" }] });

function view(over: Partial<SavedView> = {}): SavedView {
  return {
    id: "0193aaaa-0000-7000-8000-000000000001",
    owner_id: me.id,
    name: "Leads",
    object_type: "people",
    filter: LEADS,
    sort: null,
    q: null,
    columns: ["name", "city"],
    shared: false,
    is_default: false,
    created_at: "2026-12-06T00:00:00Z",
    updated_at: "2026-12-06T00:00:00Z",
    version: 1,
    ...over,
  };
}

function routes(
  views: SavedView[],
  more: Record<string, Parameters<typeof mockApi>[0][string]> = {},
) {
  return mockApi({
    "GET /api/v1/auth/session": () => json(makeSession(me)),
    "GET /api/v1/users": () => json([me]),
    "GET /api/v1/people": () => json(page([makePerson()])),
    "GET /api/v1/views": () => json(views),
    ...more,
  });
}

describe("SavedViews on the people list", () => {
  it("switches to a saved view: its filter goes to the API and its columns show", async () => {
    const { calls } = routes([view()]);
    const { router } = renderWithProviders(<PeopleListPage />, { route: "/people" });
    const nav = await screen.findByRole("navigation", { name: "Saved views" });
    expect(within(nav).getByRole("link", { name: "All" })).toHaveAttribute("aria-current", "page");
    await userEvent.click(await within(nav).findByRole("link", { name: "Leads" }));
    await waitFor(() => expect(router.state.location.search).toContain("view="));
    const search = new URLSearchParams(router.state.location.search);
    expect(search.get("cols")).toBe("name,city");
    await waitFor(() =>
      expect(
        calls.some((c) => c.path === "/api/v1/people" && c.search.get("filter") === LEADS),
      ).toBe(true),
    );
    expect(within(nav).getByRole("link", { name: "Leads" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    expect(await screen.findByRole("columnheader", { name: "City" })).toBeInTheDocument();
    expect(screen.queryByRole("columnheader", { name: "E-mail" })).not.toBeInTheDocument();
    expect(screen.queryByText("Modified")).not.toBeInTheDocument();
  });

  it("opens a bare list URL with the default view", async () => {
    routes([view({ is_default: true })]);
    const { router } = renderWithProviders(<PeopleListPage />, { route: "/people" });
    await waitFor(() => expect(router.state.location.search).toContain(`view=${view().id}`));
    expect(new URLSearchParams(router.state.location.search).get("filter")).toBe(LEADS);
  });

  it("saves the current list as a view, refusing an empty or taken name next to the field", async () => {
    const created = view({
      id: "0193aaaa-0000-7000-8000-000000000002",
      name: "Sylhet",
      q: "sylhet",
    });
    const { calls } = routes([view()], {
      "POST /api/v1/views": () => json(created, 201),
    });
    const { router } = renderWithProviders(<PeopleListPage />, {
      route: `/people?q=sylhet&sort=display_name`,
    });
    await userEvent.click(await screen.findByRole("button", { name: "Views" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Save as new view…" }));
    const dialog = await screen.findByRole("dialog", { name: "Save view" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await within(dialog).findByText("Give the view a name.")).toBeInTheDocument();
    await userEvent.type(within(dialog).getByRole("textbox", { name: /Name/ }), "leads");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(
      await within(dialog).findByText("You already have a view with this name."),
    ).toBeInTheDocument();
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    const name = within(dialog).getByRole("textbox", { name: /Name/ });
    await userEvent.clear(name);
    await userEvent.type(name, "Sylhet");
    await userEvent.click(within(dialog).getByRole("checkbox", { name: /Share with the team/ }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(calls.some((c) => c.method === "POST")).toBe(true));
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      name: "Sylhet",
      shared: true,
      is_default: false,
      q: "sylhet",
      sort: "display_name",
      filter: null,
      columns: [],
      object_type: "people",
    });
    await waitFor(() => expect(router.state.location.search).toContain(`view=${created.id}`));
  });

  it("shows the server's name error next to the field", async () => {
    routes([], {
      "POST /api/v1/views": () =>
        json(
          {
            status: 422,
            code: "validation_failed",
            detail: "You already have a view with this name.",
            errors: [{ field: "name", code: "taken", message: "taken" }],
          },
          422,
        ),
    });
    renderWithProviders(<PeopleListPage />, { route: "/people" });
    await userEvent.click(await screen.findByRole("button", { name: "Views" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Save as new view…" }));
    const dialog = await screen.findByRole("dialog", { name: "Save view" });
    await userEvent.type(within(dialog).getByRole("textbox", { name: /Name/ }), "Mine");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(
      await within(dialog).findByText("You already have a view with this name."),
    ).toBeInTheDocument();
  });

  it("marks a changed view, updates it with the current filters, and deletes it after confirming", async () => {
    const saved = view();
    const { calls } = routes([saved], {
      "PATCH /api/v1/views/{id}": (call) =>
        json({ ...saved, ...(call.body as object), version: 2 }),
      "DELETE /api/v1/views/{id}": () => json(null, 204),
    });
    const { router } = renderWithProviders(<PeopleListPage />, {
      route: `/people?view=${saved.id}&filter=${encodeURIComponent(LEADS)}&cols=name,city&q=karim`,
    });
    expect(await screen.findByText("Modified")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Views" }));
    await userEvent.click(
      await screen.findByRole("menuitem", { name: "Update “Leads” with current filters" }),
    );
    await waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    const patch = calls.find((c) => c.method === "PATCH");
    expect(patch?.headers.get("If-Match")).toBe("1");
    expect(patch?.body).toEqual({
      q: "karim",
      sort: null,
      filter: LEADS,
      columns: ["name", "city"],
    });

    await userEvent.click(screen.getByRole("button", { name: "Views" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Delete view…" }));
    const confirm = await screen.findByRole("dialog", { name: "Delete view “Leads”?" });
    await userEvent.click(within(confirm).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE")).toBe(true));
    await waitFor(() => expect(router.state.location.search).not.toContain("view="));
  });
});
