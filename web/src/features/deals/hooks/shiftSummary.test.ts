import { describe, expect, it } from "vitest";
import { makeDeal } from "../../../test/factories";
import { shiftSummary } from "./useDeals";

describe("shiftSummary", () => {
  it("moves a deal's count and amount between stage columns, per currency", () => {
    const summary = {
      pipeline_id: "p1",
      stages: [
        {
          stage_id: "s1",
          name: "A",
          position: 0,
          probability: 10,
          count: 2,
          totals: [{ currency: "BDT", count: 2, amount: "300000.00" }],
        },
        {
          stage_id: "s2",
          name: "B",
          position: 1,
          probability: 50,
          count: 1,
          totals: [{ currency: "INR", count: 1, amount: "5000.00" }],
        },
      ],
    };
    const moved = shiftSummary(
      summary,
      makeDeal({ stage_id: "s1", amount: "100000.00", currency: "BDT" }),
      "s2",
    );
    expect(moved.stages[0]).toMatchObject({
      count: 1,
      totals: [{ currency: "BDT", count: 1, amount: "200000.00" }],
    });
    expect(moved.stages[1]).toMatchObject({
      count: 2,
      totals: [
        { currency: "INR", count: 1, amount: "5000.00" },
        { currency: "BDT", count: 1, amount: "100000.00" },
      ],
    });
  });
});
