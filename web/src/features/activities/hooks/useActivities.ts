import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, filterParam, idempotencyKey, unwrap } from "../../../api/client";
import type { ActivityCreate } from "../../../api/types";
import type { FilterNode } from "../../../lib/filter";
import { useInfiniteList } from "../../../lib/lists";
import { onlineOrLocal, sendOrQueue } from "../../offline/fallback";

export const activitiesKey = ["activities"] as const;

export type Subject = { field: "person_id" | "company_id" | "deal_id"; id: string };

/** One record's timeline, newest first. */
export function useTimeline(subject: Subject) {
  const filter: FilterNode = { field: subject.field, op: "eq", value: subject.id };
  return useInfiniteList(
    [...activitiesKey, "timeline", subject.field, subject.id],
    ({ cursor, limit, signal }) =>
      onlineOrLocal(
        () =>
          unwrap(
            api.GET("/api/v1/activities", {
              params: {
                query: { filter: filterParam(filter), sort: "-occurred_at", cursor, limit },
              },
              signal,
            }),
          ),
        async (local) => (cursor ? undefined : local.timeline(subject.field, subject.id, limit)),
      ),
    { limit: 20, networkMode: "always" },
  );
}

/** What happened lately (the caller's visible activities). */
export function useRecentActivities(ownerId: string | undefined, limit = 8) {
  return useQuery({
    queryKey: [...activitiesKey, "recent", ownerId, limit],
    queryFn: ({ signal }) =>
      onlineOrLocal(
        () =>
          unwrap(
            api.GET("/api/v1/activities", {
              params: {
                query: {
                  sort: "-occurred_at",
                  limit,
                  filter: filterParam(
                    ownerId ? { field: "owner_id", op: "eq", value: ownerId } : null,
                  ),
                },
              },
              signal,
            }),
          ),
        (local) => local.recentActivities(ownerId, limit),
      ),
    enabled: Boolean(ownerId),
    networkMode: "always",
  });
}

export function useLogActivity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ActivityCreate) =>
      sendOrQueue(
        () =>
          unwrap(
            api.POST("/api/v1/activities", {
              body,
              params: { header: { "idempotency-key": idempotencyKey() } },
            }),
          ),
        // Activities are insert-only in sync: a note or visit logged offline never conflicts.
        (local) => local.queueCreate("activities", body),
      ),
    networkMode: "always",
    onSuccess: () => client.invalidateQueries({ queryKey: activitiesKey }),
  });
}

export function useDeleteActivity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE("/api/v1/activities/{activity_id}", { params: { path: { activity_id: id } } }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: activitiesKey }),
  });
}
