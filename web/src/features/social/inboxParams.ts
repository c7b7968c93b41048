/**
 * The inbox's state in the URL (filters, search, sort, selected post), so a view can be shared
 * and reloaded; and the API query it stands for.
 */
import { INTENTS, LANGUAGES, PLATFORMS, PRIORITIES, SENTIMENTS, STATUSES } from "./options";

export const INBOX_DEFAULT_SORT = "-priority_score";
export const INBOX_SORTS = [
  "-priority_score",
  "-posted_at",
  "posted_at",
  "-author_followers",
] as const;

/** The multi-value filters, each with the values the API accepts. */
export const FILTERS = {
  platform: PLATFORMS,
  sentiment: SENTIMENTS,
  intent: INTENTS,
  language: LANGUAGES,
  status: STATUSES,
  priority: PRIORITIES,
} as const;
export type FilterKey = keyof typeof FILTERS;
export const FILTER_KEYS = Object.keys(FILTERS) as FilterKey[];

export interface InboxState {
  filters: Record<FilterKey, string[]>;
  q: string;
  teamId: string | null;
  assignee: string | null;
  sort: string;
  /** The post opened beside the list. */
  post: string | null;
}

/** Values from a comma list, keeping only those the API knows (a hand-edited URL stays valid). */
function listFrom(value: string | null, allowed: readonly string[]): string[] {
  if (!value) return [];
  const seen = new Set<string>();
  for (const part of value.split(",")) {
    const v = part.trim();
    if (allowed.includes(v)) seen.add(v);
  }
  return [...seen];
}

export function inboxStateFrom(search: URLSearchParams): InboxState {
  const filters = {} as Record<FilterKey, string[]>;
  for (const key of FILTER_KEYS) filters[key] = listFrom(search.get(key), FILTERS[key]);
  const sort = search.get("sort");
  return {
    filters,
    q: search.get("q") ?? "",
    teamId: search.get("team") || null,
    assignee: search.get("assignee") || null,
    sort: sort && (INBOX_SORTS as readonly string[]).includes(sort) ? sort : INBOX_DEFAULT_SORT,
    post: search.get("post") || null,
  };
}

/** The URL of a state: only what differs from the defaults, in a stable order. */
export function inboxSearch(state: InboxState): URLSearchParams {
  const out = new URLSearchParams();
  if (state.q.trim()) out.set("q", state.q.trim());
  for (const key of FILTER_KEYS) {
    const values = state.filters[key];
    if (values.length) out.set(key, values.join(","));
  }
  if (state.teamId) out.set("team", state.teamId);
  if (state.assignee) out.set("assignee", state.assignee);
  if (state.sort !== INBOX_DEFAULT_SORT) out.set("sort", state.sort);
  if (state.post) out.set("post", state.post);
  return out;
}

/** How many filters narrow the list (for the "filters (3)" label and "clear"). */
export function activeFilterCount(state: InboxState): number {
  return (
    FILTER_KEYS.filter((k) => state.filters[k].length > 0).length +
    (state.teamId ? 1 : 0) +
    (state.assignee ? 1 : 0)
  );
}

/** The query of `GET /social/posts` for a state (arrays are sent as repeated parameters). */
export function inboxQuery(state: InboxState) {
  const list = <T extends string>(key: FilterKey) =>
    state.filters[key].length ? (state.filters[key] as T[]) : undefined;
  return {
    platform: list<(typeof PLATFORMS)[number]>("platform"),
    sentiment: list<(typeof SENTIMENTS)[number]>("sentiment"),
    intent: list<(typeof INTENTS)[number]>("intent"),
    language: list<(typeof LANGUAGES)[number]>("language"),
    status: list<(typeof STATUSES)[number]>("status"),
    priority: list<(typeof PRIORITIES)[number]>("priority"),
    team_id: state.teamId ?? undefined,
    assignee: state.assignee ?? undefined,
    q: state.q.trim() || undefined,
    sort: state.sort,
  };
}
