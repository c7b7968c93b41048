import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import type { Company } from "../../../api/types";
import { makeCompany, makeSession, page } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { CompanyPicker } from "./CompanyPicker";

function Harness(props: {
  initial: string | null;
  onChange: (id: string | null, company: Company | null) => void;
}) {
  const [value, setValue] = useState(props.initial);
  return (
    <CompanyPicker
      value={value}
      onChange={(id, company) => {
        setValue(id);
        props.onChange(id, company);
      }}
    />
  );
}

// The first page of companies, sorted by name: the one we look for is not on it.
const firstPage = Array.from({ length: 20 }, (_, i) =>
  makeCompany({ name: `Alpha ${String(i).padStart(2, "0")}` }),
);
const zeta = makeCompany({ name: "Zeta Zamindar Exports", domain: "zeta.example" });

function routes() {
  return {
    "GET /api/v1/auth/session": () => json(makeSession()),
    "GET /api/v1/companies/{id}": () => json(zeta),
    "GET /api/v1/companies": (call: { search: URLSearchParams }) => {
      const q = call.search.get("q");
      return json(page(q ? [zeta] : firstPage));
    },
  };
}

const searches = (calls: { path: string; search: URLSearchParams }[]) =>
  calls.filter((c) => c.path === "/api/v1/companies").map((c) => c.search.get("q"));

describe("CompanyPicker", () => {
  it("shows the chosen company by name though it is not on the first page", async () => {
    const { calls } = mockApi(routes());
    renderWithProviders(<Harness initial={zeta.id} onChange={() => {}} />);
    const input = screen.getByRole("combobox", { name: "Company" });
    await waitFor(() => expect(input).toHaveValue("Zeta Zamindar Exports"));
    // Nothing is searched until the list is opened.
    expect(searches(calls)).toEqual([]);
  });

  it("asks the server as you type, once the typing pauses, and returns the record", async () => {
    const onChange = vi.fn();
    const { calls } = mockApi(routes());
    renderWithProviders(<Harness initial={null} onChange={onChange} />);
    const input = screen.getByRole("combobox", { name: "Company" });
    await userEvent.click(input);
    expect(await screen.findByRole("option", { name: /Alpha 00/ })).toBeInTheDocument();
    expect(searches(calls)).toEqual([null]);

    await userEvent.type(input, "zam");
    expect(
      await screen.findByRole("option", { name: /Zeta Zamindar Exports/ }),
    ).toBeInTheDocument();
    // One request for what was typed, none for each keystroke on the way.
    expect(searches(calls)).toEqual([null, "zam"]);
    expect(calls.find((c) => c.search.get("q") === "zam")?.search.get("limit")).toBe("20");

    await userEvent.click(screen.getByRole("option", { name: /Zeta Zamindar Exports/ }));
    expect(onChange).toHaveBeenLastCalledWith(zeta.id, expect.objectContaining({ id: zeta.id }));
    await waitFor(() => expect(input).toHaveValue("Zeta Zamindar Exports"));
  });

  it("can be cleared", async () => {
    const onChange = vi.fn();
    mockApi(routes());
    renderWithProviders(<Harness initial={zeta.id} onChange={onChange} />);
    const input = screen.getByRole("combobox", { name: "Company" });
    await waitFor(() => expect(input).toHaveValue("Zeta Zamindar Exports"));
    await userEvent.click(screen.getByRole("button", { name: "Clear" }));
    expect(onChange).toHaveBeenLastCalledWith(null, null);
    await waitFor(() => expect(input).toHaveValue(""));
  });
});
