/**
 * An audit entry's `changes` as rows to show. Updates carry `{field: {before, after}}` (see
 * `audit.diff` in the API); creations carry a short summary (`{display_name: "…"}`); deletions
 * and restorations carry nothing. Custom fields change as one object: each key becomes a row.
 */

export interface ChangeRow {
  /** The field, or `cf.<key>` for a custom field. */
  field: string;
  before: unknown;
  after: unknown;
  /** False for a creation's summary: there is no "before". */
  hasBefore: boolean;
}

/** Fields that restate others (the display name follows the first and last names). */
const DERIVED = new Set(["display_name"]);

function isDiff(value: unknown): value is { before: unknown; after: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    "before" in value &&
    "after" in value &&
    Object.keys(value).length === 2
  );
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function changeRows(changes: Record<string, unknown>): ChangeRow[] {
  const rows: ChangeRow[] = [];
  const diffs = Object.entries(changes).filter(([, v]) => isDiff(v));
  const updated = new Set(diffs.map(([k]) => k));
  for (const [field, value] of Object.entries(changes)) {
    if (isDiff(value)) {
      // The name row is noise when the first or last name row says the same.
      if (DERIVED.has(field) && (updated.has("given_name") || updated.has("family_name"))) continue;
      if (field === "custom_fields") {
        const before = asObject(value.before);
        const after = asObject(value.after);
        for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
          if (!same(before[key], after[key])) {
            rows.push({
              field: `cf.${key}`,
              before: before[key],
              after: after[key],
              hasBefore: true,
            });
          }
        }
        continue;
      }
      rows.push({ field, before: value.before, after: value.after, hasBefore: true });
    } else {
      rows.push({ field, before: undefined, after: value, hasBefore: false });
    }
  }
  return rows;
}

/** Nothing to show: null, an empty text, list or object. */
export function isBlank(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

/** A list of e-mails, phones or handles as the words a person reads. */
export function listText(value: unknown): string {
  if (!Array.isArray(value)) return String(value);
  return value
    .map((item) => {
      if (typeof item !== "object" || item === null) return String(item);
      const o = item as Record<string, unknown>;
      return String(o.email ?? o.number ?? o.handle ?? o.url ?? JSON.stringify(o));
    })
    .join(", ");
}
