/**
 * The API's filter language (lib/filter.ts) evaluated over local records, so the lists' filters
 * (a record's related deals, a quick filter) still answer offline. A condition it cannot judge
 * here throws `Unsupported`: the caller then says "not available offline" rather than show a
 * list that silently ignores part of the filter.
 */
import type { Condition, FilterNode } from "../../lib/filter";

export class Unsupported extends Error {}

type Data = Record<string, unknown>;

/** `custom_fields.region` reads `record.custom_fields.region`. */
function fieldValue(record: Data, field: string): unknown {
  let value: unknown = record;
  for (const part of field.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Data)[part];
  }
  return value;
}

function comparable(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined || v === "") return null;
  if (typeof v === "number" || typeof v === "boolean") return v;
  return String(v);
}

export function compareValues(a: unknown, b: unknown): number | null {
  const x = comparable(a);
  const y = comparable(b);
  if (x === null || y === null) return null;
  // Amounts are decimal strings: compare them as numbers when both read as numbers.
  const nx = typeof x === "number" ? x : Number(x);
  const ny = typeof y === "number" ? y : Number(y);
  if (typeof x !== "boolean" && !Number.isNaN(nx) && !Number.isNaN(ny) && String(x).trim() !== "")
    return nx - ny;
  // ISO dates and datetimes compare as text when both are in the same form; mixed forms
  // (a date against a datetime) compare on the instant.
  const sx = String(x);
  const sy = String(y);
  if (sx.length !== sy.length && /^\d{4}-\d\d-\d\d/.test(sx) && /^\d{4}-\d\d-\d\d/.test(sy)) {
    const dx = Date.parse(sx);
    const dy = Date.parse(sy);
    if (!Number.isNaN(dx) && !Number.isNaN(dy)) return dx - dy;
  }
  return sx.localeCompare(sy);
}

const lower = (v: unknown) => String(v ?? "").toLowerCase();
const isEmpty = (v: unknown) =>
  v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);

function condition(record: Data, c: Condition): boolean {
  const value = fieldValue(record, c.field);
  const list = Array.isArray(c.value) ? c.value : [c.value];
  switch (c.op) {
    case "eq":
      return compareValues(value, c.value) === 0 || (isEmpty(value) && isEmpty(c.value));
    case "ne":
      return !(compareValues(value, c.value) === 0 || (isEmpty(value) && isEmpty(c.value)));
    case "in":
      return list.some((v) => compareValues(value, v) === 0);
    case "not_in":
      return !list.some((v) => compareValues(value, v) === 0);
    case "lt":
    case "lte":
    case "gt":
    case "gte": {
      const d = compareValues(value, c.value);
      if (d === null) return false;
      return c.op === "lt" ? d < 0 : c.op === "lte" ? d <= 0 : c.op === "gt" ? d > 0 : d >= 0;
    }
    case "between": {
      const [from, to] = list;
      const a = compareValues(value, from);
      const b = compareValues(value, to);
      return a !== null && b !== null && a >= 0 && b <= 0;
    }
    case "contains":
      return lower(value).includes(lower(c.value));
    case "starts_with":
      return lower(value).startsWith(lower(c.value));
    case "has":
      return Array.isArray(value) && value.some((v) => lower(v) === lower(c.value));
    case "is_null":
      return isEmpty(value);
    case "is_not_null":
      return !isEmpty(value);
    default:
      throw new Unsupported(String(c.op));
  }
}

export function matches(record: Data, node: FilterNode | null | undefined): boolean {
  if (!node) return true;
  if ("and" in node) return node.and.every((n) => matches(record, n));
  if ("or" in node) return node.or.some((n) => matches(record, n));
  if ("not" in node) return !matches(record, node.not);
  return condition(record, node);
}
