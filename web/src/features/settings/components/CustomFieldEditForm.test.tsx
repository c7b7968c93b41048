import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { CustomField } from "../../../api/types";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { CustomFieldEditForm, fieldChanges } from "./CustomFieldEditForm";

const field: CustomField = {
  id: "f1",
  object_type: "people",
  key: "shoe_size",
  label: "Shoe size",
  type: "select",
  options: ["S", "M"],
  required: false,
  position: 2,
  description: null,
  created_at: "2026-11-23T10:00:00Z",
  updated_at: "2026-11-23T10:00:00Z",
  version: 4,
};

const values = {
  label: "Shoe size",
  description: "",
  options: ["S", "M"],
  required: false,
  position: 2,
};

describe("fieldChanges", () => {
  it("sends only what changed; choices only for list fields", () => {
    expect(fieldChanges(field, values)).toEqual({});
    expect(fieldChanges(field, { ...values, label: " Size ", options: ["M", "S"] })).toEqual({
      label: "Size",
      options: ["M", "S"],
    });
    expect(
      fieldChanges({ ...field, type: "text", options: [] }, { ...values, options: [] }),
    ).toEqual({});
    expect(fieldChanges(field, { ...values, description: "EU sizes", required: true })).toEqual({
      description: "EU sizes",
      required: true,
    });
  });
});

describe("CustomFieldEditForm", () => {
  it("needs a choice on a list field, then saves the label with If-Match", async () => {
    const { calls } = mockApi({
      "PATCH /api/v1/custom-fields/{id}": (call) =>
        json({ ...field, ...(call.body as object), version: 5 }),
    });
    const onDone = vi.fn();
    renderWithProviders(<CustomFieldEditForm field={field} onDone={onDone} />);
    const label = await screen.findByRole("textbox", { name: /^Label/ });
    await userEvent.clear(label);
    await userEvent.type(label, "Preferred size");
    // Remove both choices: a list field needs one.
    const choices = screen.getByLabelText(/^Choices/, { selector: "input" });
    await userEvent.click(choices);
    await userEvent.keyboard("{Backspace}{Backspace}");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Add at least one choice.")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "PATCH")).toHaveLength(0);

    await userEvent.type(choices, "L{Enter}");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const patch = calls.find((c) => c.method === "PATCH");
    expect(patch?.headers.get("If-Match")).toBe("4");
    expect(patch?.body).toEqual({ label: "Preferred size", options: ["L"] });
  });
});
