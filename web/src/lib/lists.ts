import { infiniteQueryOptions, type NetworkMode, useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { Page } from "../api/types";

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
