import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import type { components } from "../../../api/schema";
import { useInfiniteList } from "../../../lib/lists";

type S = components["schemas"];
export type TrackedEvent = S["EventOut"];
export type EventType = S["MessageType"];
export type Identity = S["IdentityOut"];

export const EVENT_TYPES: EventType[] = ["identify", "track", "page", "screen", "group", "alias"];

/** Part of the people keys, so anything that refreshes a person refreshes these too. */
export const personEventsKey = (personId: string) => ["people", "events", personId] as const;
export const personIdentitiesKey = (personId: string) =>
  ["people", "identities", personId] as const;

/** A person's tracked events, newest first, page by page; `types` empty means every type. */
export function usePersonEvents(personId: string, types: EventType[]) {
  const sorted = [...types].sort();
  return useInfiniteList(
    [...personEventsKey(personId), sorted],
    ({ cursor, limit, signal }) =>
      unwrap(
        api.GET("/api/v1/people/{person_id}/events", {
          params: {
            path: { person_id: personId },
            // Sent as repeated parameters: ?type=track&type=page
            query: { type: sorted.length ? sorted : undefined, cursor, limit },
          },
          signal,
        }),
      ),
    { limit: 25 },
  );
}

/** Every identifier recorded for a person, with its source and whether it is weak. */
export function usePersonIdentities(personId: string) {
  return useQuery({
    queryKey: personIdentitiesKey(personId),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/people/{person_id}/identities", {
          params: { path: { person_id: personId } },
          signal,
        }),
      ),
  });
}
