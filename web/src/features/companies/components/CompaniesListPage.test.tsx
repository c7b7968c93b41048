import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { makeCompany, makeSession, makeUser, page } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { CompaniesListPage } from "./CompaniesListPage";

describe("CompaniesListPage", () => {
  const meghna = makeCompany({ name: "Meghna Traders", version: 2 });
  const padma = makeCompany({ name: "Padma Pharma", domain: "padma.example", version: 5 });
  const meera = makeUser({ display_name: "Meera Rao", role: "sales" });

  it("lists companies by name, each opening its page, with import and new for a manager", async () => {
    const manager = makeUser({ role: "manager" });
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession(manager)),
      "GET /api/v1/users": () => json([manager, meera]),
      "GET /api/v1/views": () => json([]),
      "GET /api/v1/companies": () => json(page([meghna, padma])),
    });
    renderWithProviders(<CompaniesListPage />, { route: "/companies" });
    const link = await screen.findByRole("link", { name: "Padma Pharma" });
    expect(link).toHaveAttribute("href", `/companies/${padma.id}`);
    expect(screen.getByRole("heading", { level: 1, name: "Companies" })).toBeInTheDocument();
    const list = calls.find((c) => c.path === "/api/v1/companies");
    expect(list?.search.get("sort")).toBe("name");
    expect(list?.search.has("deleted")).toBe(false);
    expect(screen.getByRole("link", { name: "Import" })).toHaveAttribute(
      "href",
      "/import?kind=companies",
    );
    // Only admins see the bin.
    expect(screen.queryByRole("link", { name: "Deleted" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "New company" }));
    expect(await screen.findByRole("dialog", { name: "New company" })).toBeInTheDocument();
  });

  it("deletes the selected companies after confirmation", async () => {
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession(meera)),
      "GET /api/v1/users": () => json([meera]),
      "GET /api/v1/views": () => json([]),
      "GET /api/v1/companies": () => json(page([meghna, padma])),
      "DELETE /api/v1/companies/{id}": () => json(null, 204),
    });
    renderWithProviders(<CompaniesListPage />, { route: "/companies" });
    await userEvent.click(await screen.findByRole("checkbox", { name: "Select Meghna Traders" }));
    await userEvent.click(screen.getByRole("checkbox", { name: "Select Padma Pharma" }));
    expect(screen.getByText("2 companies selected")).toBeInTheDocument();
    // Sales users may import nothing.
    expect(screen.queryByRole("link", { name: "Import" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Delete" }));
    const dialog = await screen.findByRole("dialog", { name: /Delete 2 companies/ });
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === "DELETE").map((c) => c.path)).toEqual([
        `/api/v1/companies/${meghna.id}`,
        `/api/v1/companies/${padma.id}`,
      ]),
    );
  });

  it("an admin's bin asks for deleted companies and restores one", async () => {
    const gone = makeCompany({ name: "Jamuna Jute", deleted_at: "2026-11-22T10:00:00Z" });
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession(makeUser({ role: "admin" }))),
      "GET /api/v1/users": () => json([meera]),
      "GET /api/v1/companies": () => json(page([gone])),
      "POST /api/v1/companies/{id}/restore": () => json({ ...gone, deleted_at: null }),
    });
    renderWithProviders(<CompaniesListPage />, { route: "/companies?deleted=1" });
    expect(
      await screen.findByRole("heading", { level: 1, name: "Deleted companies" }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(
        calls.some((c) => c.path === "/api/v1/companies" && c.search.get("deleted") === "true"),
      ).toBe(true),
    );
    expect(screen.getByRole("link", { name: "Companies" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "New company" })).not.toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Saved views" })).not.toBeInTheDocument();
    await userEvent.click(await screen.findByRole("button", { name: "Restore Jamuna Jute" }));
    await waitFor(() =>
      expect(calls.some((c) => c.path === `/api/v1/companies/${gone.id}/restore`)).toBe(true),
    );
  });
});
