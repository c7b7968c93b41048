import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { api, idempotencyKey, unwrap } from "../../../api/client";
import type { components } from "../../../api/schema";
import type { Workflow, WorkflowInput } from "../types";

type S = components["schemas"];

export const workflowsKey = ["workflows"] as const;
const runsKey = (id: string) => [...workflowsKey, id, "runs"] as const;

/** The API keeps a rule's trigger and actions as loose JSON: read them as the builder wrote. */
const asWorkflow = (out: S["WorkflowOut"]) => out as unknown as Workflow;
/** A filter tree is plain JSON; the schema types it as an open object. */
const asBody = <T extends Partial<WorkflowInput>>(input: T) =>
  input as Omit<T, "condition"> & { condition?: Record<string, unknown> | null };

export function useWorkflows() {
  return useQuery({
    queryKey: workflowsKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/workflows", { signal })),
    select: (data) => data.items.map(asWorkflow),
  });
}

export function useCreateWorkflow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: WorkflowInput) =>
      asWorkflow(
        await unwrap(
          api.POST("/api/v1/workflows", {
            body: asBody(body),
            params: { header: { "idempotency-key": idempotencyKey() } },
          }),
        ),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: workflowsKey }),
  });
}

/** Change some fields, with the version the admin read (If-Match; 412 when stale). */
export function useUpdateWorkflow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (args: { id: string; version: number; changes: Partial<WorkflowInput> }) =>
      asWorkflow(
        await unwrap(
          api.PATCH("/api/v1/workflows/{workflow_id}", {
            params: {
              path: { workflow_id: args.id },
              header: { "If-Match": String(args.version) },
            },
            body: asBody(args.changes),
          }),
        ),
      ),
    onSuccess: (saved) =>
      client.setQueryData<{ items: S["WorkflowOut"][] }>(workflowsKey, (data) =>
        data
          ? {
              items: data.items.map((w) =>
                w.id === saved.id ? (saved as unknown as S["WorkflowOut"]) : w,
              ),
            }
          : data,
      ),
    onSettled: () => client.invalidateQueries({ queryKey: workflowsKey }),
  });
}

export function useDeleteWorkflow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE("/api/v1/workflows/{workflow_id}", { params: { path: { workflow_id: id } } }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: workflowsKey }),
  });
}

/** A dry run: would the rule fire for this record now, and what would each action do. */
export function useTestWorkflow() {
  return useMutation({
    mutationFn: (args: { id: string; recordId: string }) =>
      unwrap(
        api.POST("/api/v1/workflows/{workflow_id}/test", {
          params: { path: { workflow_id: args.id } },
          body: { record_id: args.recordId },
        }),
      ),
  });
}

/** A rule's run log, newest first, page after page. */
export function useWorkflowRuns(
  id: string,
  options: { limit?: number; poll?: boolean | number } = {},
) {
  const limit = options.limit ?? 20;
  const query = useInfiniteQuery({
    queryKey: [...runsKey(id), limit],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/workflows/{workflow_id}/runs", {
          params: { path: { workflow_id: id }, query: { limit, before: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_before ?? undefined,
    refetchInterval: typeof options.poll === "number" ? options.poll : options.poll ? 5_000 : false,
  });
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  return { ...query, items };
}
