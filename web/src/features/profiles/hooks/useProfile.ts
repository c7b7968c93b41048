import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import type { components } from "../../../api/schema";
import { useInfiniteList } from "../../../lib/lists";

type S = components["schemas"];
export type TimelineItem = S["TimelineItem"];
export type TimelineKind = S["TimelineKind"];
export type Traits = S["Traits"];

export const TIMELINE_KINDS: TimelineKind[] = [
  "order",
  "refund",
  "activity",
  "deal",
  "track",
  "page",
  "screen",
  "identify",
  "merge",
  "ticket",
  "social",
];

/** A person's timeline across kinds, newest first; `kinds` empty means every kind. */
export function usePersonTimeline(personId: string, kinds: TimelineKind[]) {
  const sorted = [...kinds].sort();
  return useInfiniteList(
    ["people", "timeline", personId, sorted],
    ({ cursor, limit, signal }) =>
      unwrap(
        api.GET("/api/v1/people/{person_id}/timeline", {
          params: {
            path: { person_id: personId },
            query: { kinds: sorted.length ? sorted : undefined, cursor, limit },
          },
          signal,
        }),
      ),
    { limit: 25 },
  );
}

export function usePersonTraits(personId: string) {
  return useQuery({
    queryKey: ["people", "traits", personId],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/people/{person_id}/traits", {
          params: { path: { person_id: personId } },
          signal,
        }),
      ),
  });
}
