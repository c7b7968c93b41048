/**
 * The API's filter language, typed: a tree of conditions joined by and/or/not.
 * The UI edits a flat AND of conditions (quick filters and the filter builder share it).
 */

export const OPS = [
  "eq",
  "ne",
  "lt",
  "lte",
  "gt",
  "gte",
  "between",
  "in",
  "not_in",
  "contains",
  "starts_with",
  "has",
  "is_null",
  "is_not_null",
] as const;
export type Op = (typeof OPS)[number];

export interface Condition {
  field: string;
  op: Op;
  value?: unknown;
}

export type FilterNode =
  | Condition
  | { and: FilterNode[] }
  | { or: FilterNode[] }
  | { not: FilterNode };

export type FieldType =
  | "text"
  | "enum"
  | "number"
  | "date"
  | "datetime"
  | "tags"
  | "user"
  | "boolean";

/** Operators that make sense for each kind of field (the API refuses the rest). */
export const OPS_BY_TYPE: Record<FieldType, Op[]> = {
  text: ["contains", "eq", "ne", "starts_with", "is_null", "is_not_null"],
  enum: ["eq", "ne", "in", "not_in"],
  number: ["eq", "gt", "gte", "lt", "lte", "between", "is_null"],
  date: ["eq", "lt", "gt", "between", "is_null", "is_not_null"],
  datetime: ["lt", "gt", "between", "is_null", "is_not_null"],
  tags: ["has", "is_null"],
  user: ["eq", "ne", "is_null", "is_not_null"],
  boolean: ["eq"],
};

export const VALUELESS: ReadonlySet<Op> = new Set(["is_null", "is_not_null"]);

export function isCondition(node: FilterNode): node is Condition {
  return "field" in node && "op" in node;
}

/** The conditions of a flat AND (or the single condition); anything nested is kept aside. */
export function conditionsOf(tree: FilterNode | null | undefined): Condition[] {
  if (!tree) return [];
  if (isCondition(tree)) return [tree];
  if ("and" in tree) return tree.and.filter(isCondition);
  return [];
}

export function fromConditions(conditions: Condition[]): FilterNode | null {
  if (conditions.length === 0) return null;
  return { and: conditions };
}

/** Replace (or remove, with null) every condition on `field`. */
export function withCondition(
  tree: FilterNode | null | undefined,
  field: string,
  condition: Condition | null,
): FilterNode | null {
  const rest = conditionsOf(tree).filter((c) => c.field !== field);
  return fromConditions(condition ? [...rest, condition] : rest);
}

export function conditionFor(tree: FilterNode | null | undefined, field: string) {
  return conditionsOf(tree).find((c) => c.field === field);
}

/** Combine a fixed scope (e.g. "this pipeline") with the user's filter. */
export function andAll(...nodes: (FilterNode | null | undefined)[]): FilterNode | null {
  const parts = nodes.filter((n): n is FilterNode => Boolean(n));
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0] ?? null;
  return { and: parts };
}

export function parseFilter(text: string | null | undefined): FilterNode | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return isFilterNode(value) ? value : null;
  } catch {
    return null;
  }
}

function isFilterNode(value: unknown): value is FilterNode {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  if (typeof v.field === "string" && typeof v.op === "string") {
    return (OPS as readonly string[]).includes(v.op);
  }
  if (Array.isArray(v.and)) return v.and.every(isFilterNode);
  if (Array.isArray(v.or)) return v.or.every(isFilterNode);
  if (v.not) return isFilterNode(v.not);
  return false;
}

export function serializeFilter(tree: FilterNode | null | undefined): string | undefined {
  return tree ? JSON.stringify(tree) : undefined;
}
