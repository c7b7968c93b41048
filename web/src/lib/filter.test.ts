import { describe, expect, it } from "vitest";
import { andAll, conditionsOf, parseFilter, serializeFilter, withCondition } from "./filter";

describe("filter", () => {
  it("round-trips through the URL", () => {
    const tree = { and: [{ field: "lifecycle_stage", op: "eq" as const, value: "lead" }] };
    expect(parseFilter(serializeFilter(tree))).toEqual(tree);
  });

  it("ignores junk in the URL", () => {
    expect(parseFilter("{not json")).toBeNull();
    expect(parseFilter('{"field":"x","op":"drop table"}')).toBeNull();
    expect(parseFilter(null)).toBeNull();
  });

  it("replaces the condition on one field", () => {
    let tree = withCondition(null, "status", { field: "status", op: "eq", value: "open" });
    tree = withCondition(tree, "owner_id", { field: "owner_id", op: "eq", value: "u1" });
    tree = withCondition(tree, "status", { field: "status", op: "eq", value: "won" });
    expect(conditionsOf(tree)).toEqual([
      { field: "owner_id", op: "eq", value: "u1" },
      { field: "status", op: "eq", value: "won" },
    ]);
    expect(withCondition(withCondition(tree, "status", null), "owner_id", null)).toBeNull();
  });

  it("combines a scope with the user's filter", () => {
    const scope = { field: "pipeline_id", op: "eq" as const, value: "p" };
    expect(andAll(scope, null)).toEqual(scope);
    expect(andAll(scope, { and: [] })).toEqual({ and: [scope, { and: [] }] });
  });
});
