import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { makeTask } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { TaskItem } from "./TaskItem";

describe("TaskItem", () => {
  it("completes a task with one tap", async () => {
    const task = makeTask();
    const { calls } = mockApi({
      "POST /api/v1/tasks/{id}/complete": () => json({ ...task, done: true, version: 2 }),
    });
    renderWithProviders(<TaskItem task={task} />);
    await userEvent.click(screen.getByRole("checkbox", { name: `Mark done: ${task.title}` }));
    await waitFor(() =>
      expect(calls.some((c) => c.path === `/api/v1/tasks/${task.id}/complete`)).toBe(true),
    );
    expect(await screen.findByText(`Done: ${task.title}`)).toBeInTheDocument();
  });

  it("says why when the server refuses", async () => {
    const task = makeTask();
    mockApi({
      "POST /api/v1/tasks/{id}/complete": () =>
        json({ status: 403, code: "permission_denied" }, 403),
    });
    renderWithProviders(<TaskItem task={task} />);
    await userEvent.click(screen.getByRole("checkbox", { name: `Mark done: ${task.title}` }));
    expect(await screen.findByText("Your role does not allow this.")).toBeInTheDocument();
  });

  it("edits a task, sending only what changed with If-Match", async () => {
    const task = makeTask({ version: 4 });
    const { calls } = mockApi({
      "PATCH /api/v1/tasks/{id}": () => json({ ...task, title: "Call Rahim back", version: 5 }),
    });
    renderWithProviders(<TaskItem task={task} />);
    await userEvent.click(screen.getByRole("button", { name: `Edit: ${task.title}` }));
    const title = await screen.findByRole("textbox", { name: "Title" });
    await userEvent.clear(title);
    await userEvent.type(title, "Call Rahim back");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    const patch = calls.find((c) => c.method === "PATCH");
    expect(patch?.body).toEqual({ title: "Call Rahim back" });
    expect(patch?.headers.get("If-Match")).toBe("4");
    expect(await screen.findByText("Task saved")).toBeInTheDocument();
  });
});
