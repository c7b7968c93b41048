import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Notification } from "../../../api/types";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { NotificationBell } from "./NotificationBell";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

function note(over: Partial<Notification> = {}): Notification {
  return {
    id: "n1",
    kind: "task.reminder",
    title: "Call Rahim Uddin",
    body: "Due at 15:00",
    link: "/tasks",
    read_at: null,
    created_at: minutesAgo(5),
    ...over,
  };
}

/** A stand-in for the browser's EventSource: the test opens it and sends events. */
class FakeEventSource {
  static last: FakeEventSource | null = null;
  static readonly CLOSED = 2;
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  listeners = new Map<string, ((e: MessageEvent) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, fn: (e: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  emit(type: string, data: unknown) {
    for (const fn of this.listeners.get(type) ?? [])
      fn(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeEventSource.last = null;
});

describe("NotificationBell", () => {
  it("shows the unread count and marks one read when it is opened", async () => {
    let readAt: string | null = null;
    const { calls } = mockApi({
      "GET /api/v1/notifications": () =>
        json({
          items: [
            note({ read_at: readAt }),
            note({
              id: "n2",
              title: "Deal won",
              body: "",
              link: null,
              read_at: minutesAgo(1),
              created_at: minutesAgo(120),
            }),
          ],
          unread: readAt ? 0 : 1,
          next_before: null,
        }),
      "POST /api/v1/notifications/{id}/read": () => {
        readAt = minutesAgo(0);
        return json(note({ read_at: readAt }));
      },
    });
    const { router } = renderWithProviders(<NotificationBell />);
    const bell = await screen.findByRole("button", { name: "Notifications: 1 unread" });
    await userEvent.click(bell);
    const dialog = await screen.findByRole("dialog", { name: "Notifications" });
    expect(within(dialog).getByText("Due at 15:00")).toBeInTheDocument();
    expect(within(dialog).getByText("5 minutes ago")).toBeInTheDocument();

    await userEvent.click(within(dialog).getByRole("button", { name: "Unread: Call Rahim Uddin" }));
    await waitFor(() =>
      expect(
        calls.some((c) => c.method === "POST" && c.path === "/api/v1/notifications/n1/read"),
      ).toBe(true),
    );
    // Its link opens, and the count drops at once.
    await waitFor(() => expect(router.state.location.pathname).toBe("/tasks"));
    expect(screen.getByRole("button", { name: "Notifications" })).toBeInTheDocument();
  });

  it("marks all read", async () => {
    let unread = 2;
    const { calls } = mockApi({
      "GET /api/v1/notifications": () =>
        json({
          items: [note(), note({ id: "n2", title: "Deal won" })].map((n) =>
            unread ? n : { ...n, read_at: minutesAgo(0) },
          ),
          unread,
          next_before: null,
        }),
      "POST /api/v1/notifications/read-all": () => {
        unread = 0;
        return json({ marked: 2 });
      },
    });
    renderWithProviders(<NotificationBell />);
    await userEvent.click(await screen.findByRole("button", { name: "Notifications: 2 unread" }));
    const dialog = await screen.findByRole("dialog", { name: "Notifications" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Mark all read" }));
    expect(await screen.findByRole("button", { name: "Notifications" })).toBeInTheDocument();
    expect(calls.filter((c) => c.path === "/api/v1/notifications/read-all")).toHaveLength(1);
    expect(within(dialog).getByRole("button", { name: "Mark all read" })).toBeDisabled();
  });

  it("adds a streamed notification to the list and shows it as a toast", async () => {
    vi.stubGlobal("EventSource", FakeEventSource);
    mockApi({
      "GET /api/v1/notifications": () => json({ items: [], unread: 0, next_before: null }),
    });
    renderWithProviders(<NotificationBell />);
    await screen.findByRole("button", { name: "Notifications" });
    const source = FakeEventSource.last;
    expect(source?.url).toBe("/api/v1/notifications/stream");
    act(() => {
      source?.open();
      source?.emit("notification", note({ id: "n9", title: "New lead assigned", body: "Karim" }));
    });
    expect(
      await screen.findByRole("button", { name: "Notifications: 1 unread" }),
    ).toBeInTheDocument();
    expect(await screen.findByText("New lead assigned")).toBeInTheDocument();
    act(() => source?.emit("unread", { unread: 4 }));
    expect(
      await screen.findByRole("button", { name: "Notifications: 4 unread" }),
    ).toBeInTheDocument();
  });
});
