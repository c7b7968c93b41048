import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import type { components } from "../../../api/schema";

export type Merge = components["schemas"]["MergeOut"];

/** Under the people keys, so anything that refreshes people refreshes merge history too. */
export const mergesKey = (personId: string) => ["people", "merges", personId] as const;

/** Merges into or out of a person, newest first (also answers for a person merged away). */
export function useMergesOf(personId: string, enabled = true) {
  return useQuery({
    queryKey: mergesKey(personId),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/people/{person_id}/merges", {
          params: { path: { person_id: personId } },
          signal,
        }),
      ),
    enabled: enabled && Boolean(personId),
  });
}

/** Fold `merged_id` into the survivor; every person query is refreshed after. */
export function useMergePeople(survivorId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { merged_id: string; reason?: string | null }) =>
      unwrap(
        api.POST("/api/v1/people/{person_id}/merge", {
          params: { path: { person_id: survivorId } },
          body,
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ["people"] }),
  });
}

/** Unmerge: both people are live again with their own records. */
export function useUndoMerge() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (mergeId: string) =>
      unwrap(
        api.POST("/api/v1/merges/{merge_id}/undo", { params: { path: { merge_id: mergeId } } }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ["people"] }),
  });
}
