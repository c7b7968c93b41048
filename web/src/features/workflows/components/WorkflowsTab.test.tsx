import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { makeUser } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import type { Workflow } from "../types";
import { WorkflowsTab } from "./WorkflowsTab";

const me = makeUser({ display_name: "Esha Test" });

const rule: Workflow = {
  id: "w1",
  name: "Welcome leads",
  description: null,
  object_type: "people",
  active: false,
  trigger: { type: "created" },
  condition: null,
  actions: [{ type: "add_tag", tag: "welcome" }],
  created_by_id: me.id,
  created_at: "2026-11-23T10:00:00Z",
  updated_at: "2026-11-23T10:00:00Z",
  version: 2,
};

const common = {
  "GET /api/v1/users": () => json([me]),
  "GET /api/v1/teams": () => json([]),
  "GET /api/v1/pipelines": () => json([]),
};

describe("Settings → Automation", () => {
  it("builds a rule in order and shows the API's complaint next to its field", async () => {
    let posted: unknown;
    mockApi({
      ...common,
      "GET /api/v1/workflows": () => json({ items: [] }),
      "POST /api/v1/workflows": (call) => {
        posted = call.body;
        return json(
          {
            status: 422,
            code: "validation_failed",
            errors: [
              {
                field: "actions.0.url",
                code: "invalid",
                message: "an http:// or https:// address",
              },
            ],
          },
          422,
        );
      },
    });
    renderWithProviders(<WorkflowsTab />);
    await userEvent.click(await screen.findByRole("button", { name: "New rule" }));
    const editor = await screen.findByRole("dialog", { name: "New automation rule" });
    await userEvent.type(within(editor).getByRole("textbox", { name: /^Rule name/ }), "Hooks");

    const add = async (type: string) => {
      await userEvent.click(within(editor).getByRole("button", { name: "Add step" }));
      await userEvent.click(await screen.findByRole("menuitem", { name: type }));
    };
    await add("Add a tag");
    await userEvent.type(
      within(within(editor).getByRole("group", { name: "Step 1: Add a tag" })).getByRole(
        "textbox",
        {
          name: /^Tag/,
        },
      ),
      "vip",
    );
    await add("Call a webhook");
    await userEvent.type(
      within(within(editor).getByRole("group", { name: "Step 2: Call a webhook" })).getByRole(
        "textbox",
        { name: /^Webhook URL/ },
      ),
      "ftp://example.com",
    );
    // The webhook first.
    await userEvent.click(within(editor).getByRole("button", { name: "Move step 2 up" }));
    expect(
      within(editor).getByRole("group", { name: "Step 1: Call a webhook" }),
    ).toBeInTheDocument();

    await userEvent.click(within(editor).getByRole("button", { name: "Create rule" }));
    const step = within(editor).getByRole("group", { name: "Step 1: Call a webhook" });
    expect(await within(step).findByText("an http:// or https:// address")).toBeInTheDocument();
    expect(posted).toEqual({
      name: "Hooks",
      description: null,
      object_type: "people",
      active: false,
      trigger: { type: "created" },
      condition: null,
      actions: [
        { type: "call_webhook", url: "ftp://example.com" },
        { type: "add_tag", tag: "vip" },
      ],
    });
  });

  it("switches a rule on with If-Match", async () => {
    let active = false;
    const { calls } = mockApi({
      ...common,
      "GET /api/v1/workflows": () => json({ items: [{ ...rule, active }] }),
      "GET /api/v1/workflows/{id}/runs": () => json({ items: [], next_before: null }),
      "PATCH /api/v1/workflows/{id}": () => {
        active = true;
        return json({ ...rule, active, version: 3 });
      },
    });
    renderWithProviders(<WorkflowsTab />);
    const toggle = await screen.findByRole("switch", { name: "Rule Welcome leads switched on" });
    expect(toggle).not.toBeChecked();
    expect(await screen.findByText("Never ran")).toBeInTheDocument();
    await userEvent.click(toggle);
    expect(await screen.findByText("Welcome leads is on")).toBeInTheDocument();
    await waitFor(() => expect(toggle).toBeChecked());
    const patch = calls.find((c) => c.method === "PATCH");
    expect(patch?.headers.get("If-Match")).toBe("2");
    expect(patch?.body).toEqual({ active: true });
  });
});
