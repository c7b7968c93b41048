import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { CalendarFeedCard } from "./CalendarFeedCard";

const created = {
  url: "https://crm.example.com/calendar/abc.ics",
  webcal_url: "webcal://crm.example.com/calendar/abc.ics",
  created_at: "2026-11-23T10:00:00Z",
  last_used_at: null,
};

describe("My account → Calendar feed", () => {
  it("creates the feed and shows its address once; turning it off asks first", async () => {
    let exists = false;
    const { calls } = mockApi({
      "GET /api/v1/me/calendar-feed": () =>
        exists
          ? json({ ...created, url: null, webcal_url: null })
          : json({ status: 404, code: "not_found" }, 404),
      "POST /api/v1/me/calendar-feed": () => {
        exists = true;
        return json(created);
      },
      "DELETE /api/v1/me/calendar-feed": () => {
        exists = false;
        return new Response(null, { status: 204 });
      },
    });
    renderWithProviders(<CalendarFeedCard />);
    await userEvent.click(await screen.findByRole("button", { name: "Create my feed address" }));
    expect(await screen.findByRole("textbox", { name: "Feed address" })).toHaveValue(created.url);
    expect(screen.getByRole("button", { name: "Copy the address" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /webcal/ })).toHaveAttribute(
      "href",
      created.webcal_url,
    );
    expect(screen.getByText(/No calendar app has fetched it yet/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Turn the feed off" }));
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    const ask = screen.getByText(/Turn the feed off\?/).closest("div[role], .mantine-Alert-root");
    await userEvent.click(
      within(ask as HTMLElement).getByRole("button", { name: "Turn the feed off" }),
    );
    expect(await screen.findByText("Calendar feed turned off")).toBeInTheDocument();
    expect(
      await screen.findByRole("button", { name: "Create my feed address" }),
    ).toBeInTheDocument();
    expect(screen.queryByRole("textbox", { name: "Feed address" })).not.toBeInTheDocument();
  });
});
