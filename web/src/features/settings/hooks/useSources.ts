import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { api, idempotencyKey, unwrap } from "../../../api/client";
import type { components } from "../../../api/schema";
import { useMe } from "../../auth/hooks/useMe";

type S = components["schemas"];
export type Source = S["SourceOut"];
export type SourceWithKey = S["SourceWithKey"];
export type SourceCreate = S["SourceCreate"];
export type SourceUpdate = S["SourceUpdate"];
export type SourceKind = S["SourceKind"];

export const SOURCE_KINDS: SourceKind[] = [
  "crm",
  "web",
  "app",
  "pos",
  "support",
  "social",
  "import",
  "other",
];

export const sourcesKey = ["sources"] as const;

/** Where customer data comes from, most trusted first. */
export function useSources(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: sourcesKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/sources", { signal })),
    staleTime: 60_000,
    enabled: options.enabled ?? true,
  });
}

/** What each role may do, per object (changes only with a new server version). */
export function useRoles(enabled = true) {
  return useQuery({
    queryKey: ["roles"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/roles", { signal })),
    staleTime: Number.POSITIVE_INFINITY,
    enabled,
  });
}

/** Whether the signed-in user's role may list sources (admins and analysts today). */
export function useCanReadSources(): boolean {
  const me = useMe();
  const roles = useRoles(Boolean(me) && me?.role !== "admin");
  if (!me) return false;
  if (me.role === "admin") return true;
  const grant = roles.data?.find((r) => r.role === me.role)?.grants.sources;
  return Boolean(grant && grant.visibility !== "none");
}

/** A source's name by id, for readers who may list sources (otherwise always ""). */
export function useSourceNames(): (id: string | null | undefined) => string {
  const allowed = useCanReadSources();
  const sources = useSources({ enabled: allowed });
  const byId = useMemo(
    () => new Map((sources.data ?? []).map((s) => [s.id, s.name])),
    [sources.data],
  );
  return (id) => (id && byId.get(id)) || "";
}

/** The write key comes back once, in this answer; the web app never stores it. */
export function useCreateSource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SourceCreate) =>
      unwrap(
        api.POST("/api/v1/sources", {
          body,
          params: { header: { "idempotency-key": idempotencyKey() } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: sourcesKey }),
  });
}

/** Save changes with the version read (If-Match); a 412 carries the source as it is now. */
export function useUpdateSource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      version,
      changes,
    }: {
      id: string;
      version: number;
      changes: SourceUpdate;
    }) =>
      unwrap(
        api.PATCH("/api/v1/sources/{source_id}", {
          params: { path: { source_id: id }, header: { "If-Match": String(version) } },
          body: changes,
        }),
      ),
    onSuccess: (saved) => {
      // The switch and the row show the answer at once; the list is then read again.
      client.setQueryData<Source[]>(sourcesKey, (list) =>
        list?.map((s) => (s.id === saved.id ? saved : s)),
      );
    },
    onSettled: () => client.invalidateQueries({ queryKey: sourcesKey }),
  });
}

/** A new write key, shown once; the old one stops working at once. */
export function useRotateSourceKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.POST("/api/v1/sources/{source_id}/rotate-key", {
          params: { path: { source_id: id } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: sourcesKey }),
  });
}
