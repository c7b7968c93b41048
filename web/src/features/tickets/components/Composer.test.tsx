import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { makeSession } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { makeTicket } from "../testTicket";
import { Composer } from "./Composer";

const CANNED = "00000000-0000-7000-8000-0000000000a1";

describe("Composer", () => {
  it("fills a canned reply through the server and sends it as an internal note", async () => {
    const ticket = makeTicket();
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/canned-replies": () =>
        json([
          { id: CANNED, name: "Delay", language: "bn", body: "x", queue_id: null, version: 1 },
        ]),
      "GET /api/v1/canned-replies/{id}/render": () =>
        json({ body: "প্রিয় Rahim, {{order.id}}", unknown_placeholders: ["order.id"] }),
      "POST /api/v1/tickets/{id}/messages": (call) =>
        json({ ...(call.body as object), id: "m1" }, 201),
    });
    const user = userEvent.setup();
    renderWithProviders(<Composer ticket={ticket} />);

    await user.click(screen.getByRole("combobox", { name: "Insert a canned reply" }));
    await user.click(await screen.findByRole("option", { name: "Delay · বাংলা" }));
    const box = screen.getByRole("textbox", { name: "Reply to Rahim Uddin" });
    await waitFor(() => expect(box).toHaveValue("প্রিয় Rahim, {{order.id}}"));
    expect(screen.getByText(/unknown placeholders\): order\.id/)).toBeInTheDocument();
    const render = calls.find((c) => c.path.endsWith("/render"));
    expect(render?.search.get("ticket_id")).toBe(ticket.id);

    await user.click(screen.getByRole("radio", { name: "Internal note" }));
    await user.click(screen.getByRole("button", { name: "Add note" }));
    await waitFor(() => expect(calls.some((c) => c.method === "POST")).toBe(true));
    const post = calls.find((c) => c.method === "POST");
    expect(post?.body).toMatchObject({
      kind: "note",
      body: "প্রিয় Rahim, {{order.id}}",
      attachments: [],
    });
    expect(post?.headers.get("idempotency-key")).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByRole("textbox", { name: /Internal note/ })).toHaveValue(""),
    );
  });

  it("shows why a send failed", async () => {
    mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/canned-replies": () => json([]),
      "POST /api/v1/tickets/{id}/messages": () =>
        json({ status: 403, code: "permission_denied", detail: "no" }, 403),
    });
    const user = userEvent.setup();
    renderWithProviders(<Composer ticket={makeTicket()} />);
    await user.type(screen.getByRole("textbox", { name: "Reply to Rahim Uddin" }), "Hello");
    await user.click(screen.getByRole("button", { name: "Send reply" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Not sent");
  });
});
