import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { makePerson, makeSession, makeUser, page } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { PeopleListPage } from "./PeopleListPage";

describe("PeopleListPage", () => {
  const rahim = makePerson({ display_name: "Rahim Uddin", version: 3, tags: ["vip"] });
  const karim = makePerson({ display_name: "Karim Ahmed", version: 7 });
  const meera = makeUser({ display_name: "Meera Rao" });

  it("reads its filter and sort from the URL and sends them to the API", async () => {
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/users": () => json([meera]),
      "GET /api/v1/people": () => json(page([rahim, karim])),
    });
    const filter = JSON.stringify({
      and: [{ field: "lifecycle_stage", op: "eq", value: "customer" }],
    });
    renderWithProviders(<PeopleListPage />, {
      route: `/people?sort=display_name&filter=${encodeURIComponent(filter)}`,
    });
    expect(await screen.findByRole("link", { name: "Rahim Uddin" })).toBeInTheDocument();
    const list = calls.find((c) => c.path === "/api/v1/people");
    expect(list?.search.get("sort")).toBe("display_name");
    expect(JSON.parse(list?.search.get("filter") ?? "null")).toEqual(JSON.parse(filter));
    expect(screen.getByText("Stage is Customer")).toBeInTheDocument();
  });

  it("assigns an owner to the selected people after confirmation, in one bulk request", async () => {
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/users": () => json([meera]),
      "GET /api/v1/people": () => json(page([rahim, karim])),
      "PATCH /api/v1/people/bulk": () => json({ succeeded: 2, failed: 0, items: [] }),
    });
    renderWithProviders(<PeopleListPage />, { route: "/people" });
    await userEvent.click(await screen.findByRole("checkbox", { name: "Select Rahim Uddin" }));
    await userEvent.click(screen.getByRole("checkbox", { name: "Select Karim Ahmed" }));
    expect(screen.getByText("2 people selected")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Assign owner" }));
    const dialog = await screen.findByRole("dialog", { name: "Assign 2 people" });
    await userEvent.click(within(dialog).getByRole("combobox", { name: "New owner" }));
    await userEvent.click(await screen.findByRole("option", { name: "Meera Rao" }));
    expect(within(dialog).getByText("2 people will be owned by Meera Rao.")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Assign owner" }));
    await waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    const bulk = calls.find((c) => c.method === "PATCH");
    expect(bulk?.body).toEqual({
      items: [
        { id: rahim.id, version: 3, changes: { owner_id: meera.id } },
        { id: karim.id, version: 7, changes: { owner_id: meera.id } },
      ],
    });
  });
});
