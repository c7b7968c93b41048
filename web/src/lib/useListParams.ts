import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import { type FilterNode, parseFilter, serializeFilter } from "./filter";

export interface ListParams {
  q: string;
  sort: string | undefined;
  filter: FilterNode | null;
  /** Where the list starts (a shared link may point into the middle of a list). */
  cursor: string | undefined;
  /** Admins: the bin (soft-deleted records) instead of the list; only set when true. */
  deleted?: true;
}

/** The list state a URL describes (used by the hook and by route loaders that prefetch). */
export function listParamsFrom(search: URLSearchParams, defaultSort?: string): ListParams {
  return {
    q: search.get("q") ?? "",
    sort: search.get("sort") ?? defaultSort,
    filter: parseFilter(search.get("filter")),
    cursor: search.get("cursor") ?? undefined,
    ...(search.get("deleted") === "1" ? { deleted: true as const } : {}),
  };
}

/**
 * A list's state — search, sort, filter and starting cursor — kept in the URL so a view can be
 * shared, bookmarked and reloaded. Changing anything but the cursor starts the list over.
 */
export function useListParams(defaults: { sort?: string } = {}) {
  const [search, setSearch] = useSearchParams();

  const params: ListParams = useMemo(
    () => listParamsFrom(search, defaults.sort),
    [search, defaults.sort],
  );

  const update = useCallback(
    (changes: Partial<Record<"q" | "sort" | "filter" | "cursor", string | undefined>>) => {
      setSearch(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === "") next.delete(key);
            else next.set(key, value);
          }
          if (!("cursor" in changes)) next.delete("cursor");
          return next;
        },
        { replace: true },
      );
    },
    [setSearch],
  );

  return {
    params,
    setQ: useCallback((q: string) => update({ q }), [update]),
    setSort: useCallback((sort: string | undefined) => update({ sort }), [update]),
    setFilter: useCallback(
      (filter: FilterNode | null) => update({ filter: serializeFilter(filter) }),
      [update],
    ),
    reset: useCallback(
      () => update({ q: undefined, filter: undefined, sort: undefined }),
      [update],
    ),
  };
}
