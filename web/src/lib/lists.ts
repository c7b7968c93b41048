import {
  infiniteQueryOptions,
  type NetworkMode,
  useInfiniteQuery,
  useQuery,
} from "@tanstack/react-query";
import { useMemo } from "react";
import type { Page } from "../api/types";
import type { ListParams } from "./useListParams";

export type PageFetcher<T> = (args: {
  cursor?: string;
  limit: number;
  signal?: AbortSignal;
}) => Promise<Page<T>>;

export const PAGE_SIZE = 50;

/** The query for a list read page by page (shared by hooks and route loaders that prefetch). */
export function infiniteListOptions<T>(
  queryKey: readonly unknown[],
  fetchPage: PageFetcher<T>,
  options: { initialCursor?: string; limit?: number; networkMode?: NetworkMode } = {},
) {
  const limit = options.limit ?? PAGE_SIZE;
  return infiniteQueryOptions({
    queryKey,
    // "always" for lists the device can answer from its local store when offline.
    networkMode: options.networkMode,
    queryFn: ({ pageParam, signal }) => fetchPage({ cursor: pageParam, limit, signal }),
    initialPageParam: options.initialCursor as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/**
 * The arguments of a list page's query (for `infiniteListOptions` or `useInfiniteList`): keyed
 * by the view (its params but the cursor), starting at the cursor, and asked for even offline
 * (the device's local copy may answer).
 */
export function viewListArgs<T>(
  key: readonly unknown[],
  params: ListParams,
  pages: (params: ListParams) => PageFetcher<T>,
) {
  const { cursor, ...view } = params;
  return [
    [...key, "list", view],
    pages(params),
    { initialCursor: cursor, networkMode: "always" },
  ] as const;
}

/** Cursor pages as one growing list. */
export function useInfiniteList<T>(
  queryKey: readonly unknown[],
  fetchPage: PageFetcher<T>,
  options: {
    initialCursor?: string;
    enabled?: boolean;
    limit?: number;
    networkMode?: NetworkMode;
  } = {},
) {
  const query = useInfiniteQuery({
    ...infiniteListOptions(queryKey, fetchPage, options),
    enabled: options.enabled ?? true,
  });
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  return { ...query, items };
}

const NONE: never[] = [];

/**
 * The first page of records matching what was typed, for a picker: fetched while `enabled`,
 * kept a minute, and the last answer shown while the next one loads.
 */
export function usePickerSearch<T>(
  queryKey: readonly unknown[],
  search: (signal: AbortSignal) => Promise<{ items: T[] }>,
  enabled: boolean,
): { items: T[]; isFetching: boolean } {
  const query = useQuery({
    queryKey,
    queryFn: ({ signal }) => search(signal),
    staleTime: 60_000,
    placeholderData: (previous) => previous,
    enabled,
  });
  return { items: query.data?.items ?? NONE, isFetching: query.isFetching };
}

/** Every row of a view, page after page, for export (stops at `max`). */
export async function fetchAll<T>(fetchPage: PageFetcher<T>, max = 10_000): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage({ cursor, limit: 200 });
    rows.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor && rows.length < max);
  return rows.slice(0, max);
}
