import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Job } from "../../../api/types";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { JobsTab } from "./JobsTab";

function job(over: Partial<Job> = {}): Job {
  return {
    id: "j1",
    kind: "mail.send",
    key: "mail:42",
    status: "done",
    attempts: 1,
    max_attempts: 5,
    run_at: "2026-11-23T10:00:00Z",
    last_error: null,
    payload: { to: "rahim@example.com" },
    created_at: "2026-11-23T10:00:00Z",
    updated_at: "2026-11-23T10:00:00Z",
    finished_at: "2026-11-23T10:00:01Z",
    ...over,
  };
}

const deadJob = job({
  id: "j2",
  kind: "webhooks.deliver",
  key: "wh:7",
  status: "dead",
  attempts: 5,
  last_error: "Traceback (most recent call last):\nConnectionRefusedError: [Errno 111] refused",
  payload: { url: "http://127.0.0.1:9/hook" },
  finished_at: null,
});

describe("Settings → Background jobs", () => {
  it("shows counts, filters the dead letters and replays one", async () => {
    let replayed = false;
    const { calls } = mockApi({
      "GET /api/v1/jobs/summary": () =>
        json({
          counts: replayed ? { done: 12, queued: 1 } : { done: 12, dead: 1 },
          kinds: ["mail.send", "webhooks.deliver"],
        }),
      "GET /api/v1/jobs": (call) => {
        const status = call.search.get("status");
        const all = [replayed ? { ...deadJob, status: "queued", attempts: 0 } : deadJob, job()];
        return json({
          items: status ? all.filter((j) => j.status === status) : all,
          next_before: null,
        });
      },
      "GET /api/v1/jobs/{id}": () => json(deadJob),
      "POST /api/v1/jobs/{id}/replay": () => {
        replayed = true;
        return json({ ...deadJob, status: "queued", attempts: 0 });
      },
    });
    renderWithProviders(<JobsTab />);

    // The dead letters are called out.
    expect(await screen.findByText("1 job failed every attempt")).toBeInTheDocument();
    const all = screen.getByRole("button", { name: /^All/ });
    expect(all).toHaveAttribute("aria-pressed", "true");
    expect(within(all).getByText("13")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Show dead letters" }));
    await waitFor(() =>
      expect(screen.getByRole("button", { name: /^Dead letters/ })).toHaveAttribute(
        "aria-pressed",
        "true",
      ),
    );
    await waitFor(() =>
      expect(
        calls.some((c) => c.path === "/api/v1/jobs" && c.search.get("status") === "dead"),
      ).toBe(true),
    );
    expect(
      await screen.findByText("ConnectionRefusedError: [Errno 111] refused"),
    ).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Details of mail.send" })).not.toBeInTheDocument();

    // The drawer shows the whole error and the payload.
    await userEvent.click(screen.getByRole("button", { name: "Details of webhooks.deliver" }));
    const drawer = await screen.findByRole("dialog", { name: "Job: webhooks.deliver" });
    expect(within(drawer).getByTestId("job-error")).toHaveTextContent("Traceback");
    expect(within(drawer).getByText(/127\.0\.0\.1:9\/hook/)).toBeInTheDocument();

    await userEvent.click(within(drawer).getByRole("button", { name: "Replay webhooks.deliver" }));
    expect(await screen.findByText("webhooks.deliver queued to run again")).toBeInTheDocument();
    expect(
      calls.filter((c) => c.method === "POST" && c.path === "/api/v1/jobs/j2/replay"),
    ).toHaveLength(1);
    // Out of the dead letters once the lists are read again.
    await waitFor(() =>
      expect(screen.queryByText("1 job failed every attempt")).not.toBeInTheDocument(),
    );
    expect(await screen.findByText(/No dead letters/)).toBeInTheDocument();
  });

  it("filters by kind and loads more", async () => {
    const { calls } = mockApi({
      "GET /api/v1/jobs/summary": () =>
        json({ counts: { done: 2 }, kinds: ["mail.send", "webhooks.deliver"] }),
      "GET /api/v1/jobs": (call) =>
        call.search.get("before")
          ? json({ items: [job({ id: "j3", kind: "mail.send" })], next_before: null })
          : json({ items: [job()], next_before: "2026-11-23T09:00:00Z" }),
    });
    renderWithProviders(<JobsTab />);
    await screen.findByRole("button", { name: "Details of mail.send" });
    await userEvent.click(screen.getByRole("button", { name: "Load more" }));
    await waitFor(() =>
      expect(screen.getAllByRole("button", { name: "Details of mail.send" })).toHaveLength(2),
    );
    expect(calls.some((c) => c.search.get("before") === "2026-11-23T09:00:00Z")).toBe(true);

    await userEvent.click(screen.getByRole("combobox", { name: "Kind" }));
    await userEvent.click(await screen.findByRole("option", { name: "webhooks.deliver" }));
    await waitFor(() =>
      expect(calls.some((c) => c.search.get("kind") === "webhooks.deliver")).toBe(true),
    );
  });
});
