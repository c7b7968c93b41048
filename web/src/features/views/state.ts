/**
 * A saved view is a list's URL state with a name: search (`q`), `filter`, `sort` and the shown
 * columns (`cols`). The URL names the view it came from (`view=<id>`), so a view can be
 * bookmarked, shared and reloaded; it is "modified" when the URL's state differs from it.
 */
import type { components } from "../../api/schema";
import { parseFilter, serializeFilter } from "../../lib/filter";

export type SavedView = components["schemas"]["SavedViewOut"];
export type ViewObject = components["schemas"]["ViewObject"];

/** The list state a view stores, as the URL spells it. */
export interface ViewState {
  q: string;
  /** The list's sort, or undefined for the list's default. */
  sort: string | undefined;
  /** The filter tree as JSON, or undefined for none. */
  filter: string | undefined;
  /** Column keys in order, or empty for "every column". */
  cols: string[];
}

export const VIEW_PARAM = "view";
export const COLS_PARAM = "cols";
/** The URL keys a view owns: everything else (bin, cursor, …) is the list's business. */
const OWNED = ["q", "sort", "filter", COLS_PARAM, VIEW_PARAM, "cursor"] as const;

function normaliseFilter(text: string | null | undefined): string | undefined {
  return serializeFilter(parseFilter(text));
}

export function parseCols(text: string | null | undefined): string[] {
  return (text ?? "")
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean);
}

/** The state the URL shows now (the list's default sort counts as no sort). */
export function stateOf(search: URLSearchParams, defaultSort?: string): ViewState {
  const sort = search.get("sort") || undefined;
  return {
    q: (search.get("q") ?? "").trim(),
    sort: sort === defaultSort ? undefined : sort,
    filter: normaliseFilter(search.get("filter")),
    cols: parseCols(search.get(COLS_PARAM)),
  };
}

/** What a view stores, in the same shape. */
export function stateOfView(view: SavedView, defaultSort?: string): ViewState {
  const sort = view.sort || undefined;
  return {
    q: (view.q ?? "").trim(),
    sort: sort === defaultSort ? undefined : sort,
    filter: normaliseFilter(view.filter),
    cols: [...view.columns],
  };
}

export function sameState(a: ViewState, b: ViewState): boolean {
  return (
    a.q === b.q &&
    a.sort === b.sort &&
    a.filter === b.filter &&
    a.cols.length === b.cols.length &&
    a.cols.every((c, i) => c === b.cols[i])
  );
}

/** The URL for a view: its state, its id, and whatever else the URL held (not its cursor). */
export function searchForView(
  current: URLSearchParams,
  view: SavedView | null,
  defaultSort?: string,
): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const key of OWNED) next.delete(key);
  if (!view) return next;
  const state = stateOfView(view, defaultSort);
  next.set(VIEW_PARAM, view.id);
  if (state.q) next.set("q", state.q);
  if (state.sort) next.set("sort", state.sort);
  if (state.filter) next.set("filter", state.filter);
  if (state.cols.length) next.set(COLS_PARAM, state.cols.join(","));
  return next;
}

/** The body fields of a view made from the URL's state (create and "update with current"). */
export function viewFields(state: ViewState) {
  return {
    q: state.q || null,
    sort: state.sort ?? null,
    filter: state.filter ?? null,
    columns: state.cols,
  };
}

/** True when the URL says nothing about the list (a bare `/people`): the default view applies. */
export function isBare(search: URLSearchParams): boolean {
  return OWNED.every((key) => !search.has(key));
}

/** A name clash among the caller's own views of this list (the server says the same). */
export function nameTaken(
  views: SavedView[],
  me: string | undefined,
  name: string,
  except?: string,
): boolean {
  const wanted = name.trim().toLocaleLowerCase();
  return views.some(
    (v) => v.owner_id === me && v.id !== except && v.name.trim().toLocaleLowerCase() === wanted,
  );
}

/** Shown columns: the view's keys that the list knows, in the view's order; else all of them. */
export function visibleColumns<C extends { key: string }>(columns: C[], cols: string[]): C[] {
  if (cols.length === 0) return columns;
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const shown = cols.map((k) => byKey.get(k)).filter((c): c is C => c !== undefined);
  return shown.length > 0 ? shown : columns;
}
