import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "../../../test/render";
import type { KindPickerProps } from "./KindPicker";
import { LinkField, type LinkKind } from "./LinkField";

interface Shop {
  id: string;
  name: string;
}

/** A picker that offers one shop and a way to clear, and says what it was given. */
function ShopPicker(props: KindPickerProps<Shop>) {
  return (
    <div>
      <span>
        picking {props.label}: {props.value ?? "none"}
        {props.autoFocus && props.defaultDropdownOpened ? ", open" : ""}
      </span>
      <button type="button" onClick={() => props.onChange("s2", { id: "s2", name: "Padma" })}>
        Padma
      </button>
      <button type="button" onClick={() => props.onChange(null, null)}>
        Clear
      </button>
    </div>
  );
}

const SHOP: LinkKind<Shop> = { path: "companies", getLabel: (s) => s.name, Picker: ShopPicker };

describe("LinkField", () => {
  it("shows the linked record by name with a link to it, and '…' while it loads", () => {
    const props = { of: SHOP, label: "Shop", value: "s1", onSave: vi.fn(), testId: "field-shop" };
    const { unmount } = renderWithProviders(<LinkField {...props} linked={undefined} />);
    expect(screen.getByRole("button", { name: "Edit Shop" })).toHaveTextContent("…");
    expect(screen.queryByRole("link")).not.toBeInTheDocument();
    unmount();
    renderWithProviders(<LinkField {...props} linked={{ id: "s1", name: "Meghna" }} />);
    expect(screen.getByRole("button", { name: "Edit Shop" })).toHaveTextContent("Meghna");
    expect(screen.getByRole("link", { name: "Open Meghna" })).toHaveAttribute(
      "href",
      "/companies/s1",
    );
  });

  it("edits with the kind's picker, open and focused; picking saves the id, clearing null", async () => {
    const onSave = vi.fn(async () => true);
    renderWithProviders(
      <LinkField
        of={SHOP}
        label="Shop"
        value="s1"
        linked={{ id: "s1", name: "Meghna" }}
        onSave={onSave}
        testId="field-shop"
      />,
    );
    await userEvent.click(screen.getByRole("button", { name: "Edit Shop" }));
    expect(screen.getByText("picking Shop: s1, open")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Padma" }));
    await waitFor(() => expect(onSave).toHaveBeenCalledWith("s2"));
    await userEvent.click(await screen.findByRole("button", { name: "Edit Shop" }));
    await userEvent.click(screen.getByRole("button", { name: "Clear" }));
    await waitFor(() => expect(onSave).toHaveBeenLastCalledWith(null));
  });
});
