import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "../../test/render";
import { FilterBuilder } from "./FilterBuilder";
import type { FilterFieldDef } from "./types";

const fields: FilterFieldDef[] = [
  { field: "city", label: "City", type: "text" },
  { field: "amount", label: "Amount", type: "number" },
];

describe("FilterBuilder", () => {
  it("builds typed conditions and drops incomplete ones", async () => {
    const onApply = vi.fn();
    renderWithProviders(<FilterBuilder fields={fields} value={[]} onApply={onApply} />);
    await userEvent.click(screen.getByRole("button", { name: "Add a filter" }));
    await userEvent.type(screen.getByRole("textbox", { name: "Value 1" }), "Sylhet");
    await userEvent.click(screen.getByRole("button", { name: "Add a filter" }));
    await userEvent.click(screen.getByRole("button", { name: "Apply" }));
    expect(onApply).toHaveBeenCalledWith([{ field: "city", op: "contains", value: "Sylhet" }]);
  });

  it("turns number values into numbers", async () => {
    const onApply = vi.fn();
    renderWithProviders(
      <FilterBuilder
        fields={fields}
        value={[{ field: "amount", op: "gte", value: "150000" }]}
        onApply={onApply}
      />,
    );
    await userEvent.click(screen.getByRole("button", { name: "Apply" }));
    expect(onApply).toHaveBeenCalledWith([{ field: "amount", op: "gte", value: 150000 }]);
  });
});
