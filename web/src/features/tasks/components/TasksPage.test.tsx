import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { makeSession, makeTask, makeUser, page } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { rescheduleChanges } from "../hooks/useTasks";
import { TasksPage } from "./TasksPage";

describe("TasksPage bulk actions", () => {
  const invoice = makeTask({ title: "Send the invoice", version: 2 });
  const visit = makeTask({ title: "Visit the Sylhet office", version: 5 });
  const meera = makeUser({ display_name: "Meera Rao" });

  function routes(bulk: Parameters<typeof mockApi>[0][string]) {
    return {
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/users": () => json([meera]),
      "GET /api/v1/tasks": () => json(page([invoice, visit])),
      "PATCH /api/v1/tasks/bulk": bulk,
    };
  }

  async function select() {
    await userEvent.click(await screen.findByRole("checkbox", { name: "Select Send the invoice" }));
    await userEvent.click(screen.getByRole("checkbox", { name: "Select Visit the Sylhet office" }));
    expect(screen.getByText("2 tasks selected")).toBeInTheDocument();
  }

  it("marks the selected tasks done in one request and reports a partial failure", async () => {
    const { calls } = mockApi(
      routes(() =>
        json({
          succeeded: 1,
          failed: 1,
          items: [
            { index: 0, status: 200, record: { ...invoice, done: true } },
            { index: 1, status: 412, code: "version_mismatch", errors: [] },
          ],
        }),
      ),
    );
    renderWithProviders(<TasksPage />, { route: "/tasks?view=open" });
    await select();
    await userEvent.click(screen.getByRole("button", { name: "Mark done" }));
    const dialog = await screen.findByRole("dialog", { name: "Mark 2 tasks done?" });
    expect(within(dialog).getByText("2 tasks will be marked done.")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Mark done" }));

    await waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({
      items: [
        { id: invoice.id, version: 2, changes: { done: true } },
        { id: visit.id, version: 5, changes: { done: true } },
      ],
    });
    expect(
      await screen.findByText("1 done, 1 failed: changed by someone else"),
    ).toBeInTheDocument();
  });

  it("reassigns the selected tasks after the new assignee is chosen", async () => {
    const { calls } = mockApi(routes(() => json({ succeeded: 2, failed: 0, items: [] })));
    renderWithProviders(<TasksPage />, { route: "/tasks?view=open" });
    await select();
    await userEvent.click(screen.getByRole("button", { name: "Reassign" }));
    const dialog = await screen.findByRole("dialog", { name: "Reassign 2 tasks" });
    expect(within(dialog).getByRole("button", { name: "Reassign" })).toBeDisabled();
    await userEvent.click(within(dialog).getByRole("combobox", { name: "New assignee" }));
    await userEvent.click(await screen.findByRole("option", { name: "Meera Rao" }));
    expect(within(dialog).getByText("2 tasks will be assigned to Meera Rao.")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Reassign" }));
    await waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({
      items: [
        { id: invoice.id, version: 2, changes: { assignee_id: meera.id } },
        { id: visit.id, version: 5, changes: { assignee_id: meera.id } },
      ],
    });
    expect(await screen.findByText("Done: 2 records")).toBeInTheDocument();
  });
});

describe("rescheduleChanges", () => {
  it("moves a reminder with its task, keeping how early it rings", () => {
    const task = makeTask({
      due_at: "2026-11-23T10:00:00Z",
      remind_at: "2026-11-23T09:00:00Z",
    });
    expect(rescheduleChanges(task, "2026-11-25T12:00:00Z")).toEqual({
      due_at: "2026-11-25T12:00:00.000Z",
      remind_at: "2026-11-25T11:00:00.000Z",
    });
  });

  it("leaves tasks without a reminder alone, and never rings after the due time", () => {
    expect(rescheduleChanges(makeTask({ remind_at: null }), "2026-11-25T12:00:00Z")).toEqual({
      due_at: "2026-11-25T12:00:00.000Z",
    });
    const undated = makeTask({ due_at: null, remind_at: "2026-12-01T09:00:00Z" });
    expect(rescheduleChanges(undated, "2026-11-25T12:00:00Z")).toEqual({
      due_at: "2026-11-25T12:00:00.000Z",
      remind_at: "2026-11-25T12:00:00.000Z",
    });
  });
});
