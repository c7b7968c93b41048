import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it("quotes, keeps Bengali, and starts with a BOM for spreadsheets", () => {
    const csv = toCsv(
      [
        { name: "রহিম, উদ্দিন", note: 'said "hello"' },
        { name: "=SUM(A1)", note: null },
      ],
      [
        { header: "Name", value: (r) => r.name },
        { header: "Note", value: (r) => r.note },
      ],
    );
    expect(csv).toBe('\uFEFFName,Note\r\n"রহিম, উদ্দিন","said ""hello"""\r\n\'=SUM(A1),\r\n');
  });
});
