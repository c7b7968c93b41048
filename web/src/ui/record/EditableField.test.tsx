import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "../../test/render";
import { EditableField } from "./EditableField";

describe("EditableField", () => {
  it("edits in place and saves on Enter", async () => {
    const onSave = vi.fn().mockResolvedValue(true);
    renderWithProviders(
      <EditableField label="City" display="Sylhet" value="Sylhet" onSave={onSave} />,
    );
    await userEvent.click(screen.getByRole("button", { name: "Edit City" }));
    const input = screen.getByRole("textbox", { name: "City" });
    await userEvent.clear(input);
    await userEvent.type(input, "Moulvibazar{Enter}");
    expect(onSave).toHaveBeenCalledWith("Moulvibazar");
    expect(await screen.findByRole("button", { name: "Edit City" })).toBeInTheDocument();
  });

  it("stays open, with the server's message, when the save is refused", async () => {
    const onSave = vi.fn().mockResolvedValue(false);
    renderWithProviders(
      <EditableField
        label="E-mail"
        display="a@b.c"
        value="a@b.c"
        onSave={onSave}
        error="not a valid e-mail address"
      />,
    );
    const input = await screen.findByRole("textbox", { name: "E-mail" });
    expect(screen.getByText("not a valid e-mail address")).toBeInTheDocument();
    await userEvent.type(input, "x{Enter}");
    expect(onSave).toHaveBeenCalled();
    expect(screen.getByRole("textbox", { name: "E-mail" })).toBeInTheDocument();
  });

  it("cancels with Escape", async () => {
    const onSave = vi.fn();
    renderWithProviders(
      <EditableField label="City" display="Sylhet" value="Sylhet" onSave={onSave} />,
    );
    await userEvent.click(screen.getByRole("button", { name: "Edit City" }));
    await userEvent.type(screen.getByRole("textbox", { name: "City" }), "zzz{Escape}");
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.getByRole("button", { name: "Edit City" })).toHaveTextContent("Sylhet");
  });
});
