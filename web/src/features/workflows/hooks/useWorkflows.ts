import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { idempotencyKey, requestJson } from "../../../api/client";
import type { RunPage, TestResult, Workflow, WorkflowInput } from "../types";

export const workflowsKey = ["workflows"] as const;
const runsKey = (id: string) => [...workflowsKey, id, "runs"] as const;

export function useWorkflows() {
  return useQuery({
    queryKey: workflowsKey,
    queryFn: ({ signal }) =>
      requestJson<{ items: Workflow[] }>("GET", "/api/v1/workflows", { signal }),
    select: (data) => data.items,
  });
}

export function useCreateWorkflow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: WorkflowInput) =>
      requestJson<Workflow>("POST", "/api/v1/workflows", {
        body,
        headers: { "Idempotency-Key": idempotencyKey() },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: workflowsKey }),
  });
}

/** Change some fields, with the version the admin read (If-Match; 412 when stale). */
export function useUpdateWorkflow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (args: { id: string; version: number; changes: Partial<WorkflowInput> }) =>
      requestJson<Workflow>("PATCH", `/api/v1/workflows/${args.id}`, {
        body: args.changes,
        headers: { "If-Match": String(args.version) },
      }),
    onSuccess: (saved) =>
      client.setQueryData<{ items: Workflow[] }>(workflowsKey, (data) =>
        data ? { items: data.items.map((w) => (w.id === saved.id ? saved : w)) } : data,
      ),
    onSettled: () => client.invalidateQueries({ queryKey: workflowsKey }),
  });
}

export function useDeleteWorkflow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => requestJson<null>("DELETE", `/api/v1/workflows/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: workflowsKey }),
  });
}

/** A dry run: would the rule fire for this record now, and what would each action do. */
export function useTestWorkflow() {
  return useMutation({
    mutationFn: (args: { id: string; recordId: string }) =>
      requestJson<TestResult>("POST", `/api/v1/workflows/${args.id}/test`, {
        body: { record_id: args.recordId },
      }),
  });
}

/** A rule's run log, newest first, page after page. */
export function useWorkflowRuns(id: string, options: { limit?: number; poll?: boolean } = {}) {
  const limit = options.limit ?? 20;
  const query = useInfiniteQuery({
    queryKey: [...runsKey(id), limit],
    queryFn: ({ pageParam, signal }) => {
      const search = new URLSearchParams({ limit: String(limit) });
      if (pageParam) search.set("before", pageParam);
      return requestJson<RunPage>("GET", `/api/v1/workflows/${id}/runs?${search}`, { signal });
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_before ?? undefined,
    refetchInterval: options.poll ? 5_000 : false,
  });
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  return { ...query, items };
}
