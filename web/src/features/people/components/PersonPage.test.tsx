import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { makePerson, makeSession, page } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { PersonPage } from "./PersonPage";

function routes(
  person: ReturnType<typeof makePerson>,
  patch: Parameters<typeof mockApi>[0][string],
) {
  return {
    "GET /api/v1/auth/session": () => json(makeSession()),
    "GET /api/v1/people/{id}": () => json(person),
    "PATCH /api/v1/people/{id}": patch,
    "GET /api/v1/users": () => json([]),
    "GET /api/v1/companies": () => json(page([])),
    "GET /api/v1/custom-fields": () => json([]),
    "GET /api/v1/activities": () => json(page([])),
    "GET /api/v1/tasks": () => json(page([])),
    "GET /api/v1/deals": () => json(page([])),
    "GET /api/v1/pipelines": () => json([]),
  };
}

describe("PersonPage", () => {
  it("saves a field with If-Match and shows the API's field message on 422", async () => {
    const person = makePerson();
    let attempt = 0;
    const { calls } = mockApi(
      routes(person, (call) => {
        attempt += 1;
        if (attempt === 1) {
          return json(
            {
              status: 422,
              code: "validation_failed",
              errors: [
                {
                  field: "emails.0.email",
                  code: "value_error",
                  message: "not a valid e-mail address",
                },
              ],
            },
            422,
          );
        }
        return json({ ...person, ...(call.body as object), version: 2 });
      }),
    );
    renderWithProviders(<PersonPage />, { route: `/people/${person.id}`, path: "/people/:id" });
    await userEvent.click(await screen.findByRole("button", { name: "Edit E-mail" }));
    const input = screen.getByRole("textbox", { name: "E-mail" });
    await userEvent.clear(input);
    await userEvent.type(input, "nope{Enter}");
    expect(await screen.findByText("not a valid e-mail address")).toBeInTheDocument();
    const patch = calls.find((c) => c.method === "PATCH");
    expect(patch?.headers.get("If-Match")).toBe("1");
    expect(patch?.body).toEqual({ emails: [{ email: "nope", label: "work", primary: true }] });
  });

  it("on 412 shows what changed and re-applies the edit on the new version", async () => {
    const person = makePerson({ city: "Sylhet" });
    const theirs = { ...person, city: "Dhaka", version: 5 };
    const { calls } = mockApi(
      routes(person, (call) =>
        call.headers.get("If-Match") === "1"
          ? json({ status: 412, code: "version_mismatch", current: theirs }, 412)
          : json({ ...theirs, ...(call.body as object), version: 6 }),
      ),
    );
    renderWithProviders(<PersonPage />, { route: `/people/${person.id}`, path: "/people/:id" });
    await userEvent.click(await screen.findByRole("button", { name: "Edit Lead source" }));
    await userEvent.type(screen.getByRole("textbox", { name: "Lead source" }), "Facebook{Enter}");

    const dialog = await screen.findByRole("dialog", { name: "Someone else saved first" });
    expect(within(dialog).getByText("Dhaka")).toBeInTheDocument();
    expect(within(dialog).getByText("Facebook")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Re-apply my change" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    const last = calls.filter((c) => c.method === "PATCH").at(-1);
    expect(last?.headers.get("If-Match")).toBe("5");
    expect(last?.body).toEqual({ lead_source: "Facebook" });
  });
});
