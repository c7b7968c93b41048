import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { RulesTab } from "./RulesTab";

const QUEUE = { id: "q1", name: "Billing" };

describe("Settings → Routing rules", () => {
  it("checks the form, then shows the server's complaint by its own field", async () => {
    const { calls } = mockApi({
      "GET /api/v1/ticket-rules": () => json([]),
      "GET /api/v1/ticket-queues": () => json([QUEUE]),
      "GET /api/v1/customer-tiers": () => json([]),
      "GET /api/v1/companies": () => json({ items: [], next_cursor: null }),
      "POST /api/v1/ticket-rules": () =>
        json(
          {
            code: "validation_failed",
            status: 422,
            errors: [
              { field: "body.conditions.subject_words.0", code: "too_long", message: "too long" },
            ],
          },
          422,
        ),
    });
    const user = userEvent.setup();
    renderWithProviders(<RulesTab />);
    expect(await screen.findByText(/No routing rules yet/)).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "New routing rule" }));
    const dialog = await screen.findByRole("dialog", { name: "New routing rule" });
    expect(
      within(dialog).getByText("No tiers configured (SAMPARK_TICKET_TIERS)"),
    ).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(within(dialog).getAllByText("Required.")).toHaveLength(2);
    expect(calls.some((c) => c.method === "POST")).toBe(false);

    await user.type(within(dialog).getByRole("textbox", { name: "Name" }), "Refunds");
    await user.type(
      within(dialog).getByLabelText("Subject contains any of", { selector: "input" }),
      "refund{Enter}",
    );
    await user.click(within(dialog).getByLabelText(/^Queue/, { selector: "input" }));
    await user.click(await screen.findByRole("option", { name: "Billing" }));
    await user.click(within(dialog).getByRole("button", { name: "Save" }));

    expect(await within(dialog).findByText("too long")).toBeInTheDocument();
    const post = calls.find((c) => c.method === "POST");
    expect(post?.body).toMatchObject({
      name: "Refunds",
      queue_id: "q1",
      position: 10,
      enabled: true,
      conditions: { subject_words: ["refund"] },
    });
    const words = within(dialog).getByLabelText("Subject contains any of", { selector: "input" });
    expect(words).toHaveAttribute("aria-invalid", "true");
  });
});
