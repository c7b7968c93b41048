import { describe, expect, it } from "vitest";
import { intlLocale, makeFormat, totalsByCurrency } from "./format";

describe("format", () => {
  it("uses South Asian locales", () => {
    expect(intlLocale("en")).toBe("en-IN");
    expect(intlLocale("bn")).toBe("bn-BD");
    expect(intlLocale("hi")).toBe("hi-IN");
  });

  it("groups numbers in lakhs and crores", () => {
    expect(makeFormat("en").number(12345678)).toBe("1,23,45,678");
  });

  it("writes taka and rupees with their signs", () => {
    expect(makeFormat("en").money("150000.00", "BDT")).toBe("৳1,50,000");
    expect(makeFormat("en").money("1250.50", "INR")).toBe("₹1,250.50");
  });

  it("uses Bengali digits in Bengali", () => {
    const text = makeFormat("bn").money("150000", "BDT");
    expect(text).toContain("৳");
    expect(text).toMatch(/১,৫০,০০০/);
  });

  it("reads a bare date as a calendar day", () => {
    expect(makeFormat("en").date("2026-01-05")).toMatch(/5 Jan 2026/);
  });

  it("never adds taka to rupees", () => {
    const totals = totalsByCurrency([
      { amount: "100.10", currency: "BDT" },
      { amount: "200.20", currency: "BDT" },
      { amount: "50", currency: "INR" },
      { amount: null, currency: "INR" },
    ]);
    expect(totals).toEqual([
      { currency: "BDT", amount: 300.3, count: 2 },
      { currency: "INR", amount: 50, count: 1 },
    ]);
  });
});
