import { describe, expect, it } from "vitest";
import { missingRequired, percent } from "./useImports";

describe("import helpers", () => {
  it("names the required fields no column fills", () => {
    const targets = [
      { name: "name", required: true },
      { name: "domain", required: false },
    ];
    expect(missingRequired({ Website: "domain", Notes: null }, targets)).toEqual(["name"]);
    expect(missingRequired({ "Account Name": "name" }, targets)).toEqual([]);
  });

  it("reports progress only when the total is known", () => {
    expect(percent({ processed_rows: 50, total_rows: 200 })).toBe(25);
    expect(percent({ processed_rows: 5, total_rows: null })).toBeNull();
    expect(percent({ processed_rows: 9, total_rows: 8 })).toBe(100);
  });
});
