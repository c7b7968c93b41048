import { type InfiniteData, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, filterParam, idempotencyKey, unwrap } from "../../../api/client";
import type { Page, Task, TaskCreate, TaskUpdate, TaskView } from "../../../api/types";
import { bulkOutcome, eachLimited } from "../../../lib/bulk";
import type { FilterNode } from "../../../lib/filter";
import { type PageFetcher, useInfiniteList } from "../../../lib/lists";
import { onlineOrLocal, sendOrQueue } from "../../offline/fallback";

export const tasksKey = ["tasks"] as const;

export interface TaskListParams {
  view?: TaskView;
  q?: string;
  sort?: string;
  filter?: FilterNode | null;
  cursor?: string;
}

export function taskPages(params: TaskListParams): PageFetcher<Task> {
  // Offline, the open tasks come from the device's local copy (the sync scope holds them).
  return ({ cursor, limit, signal }) =>
    onlineOrLocal(
      () => taskPage(params, { cursor, limit, signal }),
      async (local) => (cursor ? undefined : local.tasksPage(params, limit)),
    );
}

function taskPage(
  params: TaskListParams,
  { cursor, limit, signal }: { cursor?: string; limit: number; signal?: AbortSignal },
) {
  return unwrap(
    api.GET("/api/v1/tasks", {
      params: {
        query: {
          view: params.view,
          q: params.q || undefined,
          sort: params.sort,
          filter: filterParam(params.filter),
          cursor,
          limit,
        },
      },
      signal,
    }),
  );
}

export function useTaskList(
  params: TaskListParams,
  options: { limit?: number; enabled?: boolean } = {},
) {
  const { cursor, ...rest } = params;
  return useInfiniteList([...tasksKey, "list", rest], taskPages(params), {
    initialCursor: cursor,
    limit: options.limit,
    enabled: options.enabled,
    networkMode: "always",
  });
}

type TaskPages = InfiniteData<Page<Task>, string | undefined>;

function patchCachedTask(
  client: ReturnType<typeof useQueryClient>,
  id: string,
  change: Partial<Task>,
) {
  client.setQueriesData<TaskPages>({ queryKey: [...tasksKey, "list"] }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((task) => (task.id === id ? { ...task, ...change } : task)),
          })),
        }
      : data,
  );
}

/** Tick a task done: the tick shows at once and is undone if the server refuses. */
export function useCompleteTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (task: Task) =>
      sendOrQueue(
        () =>
          unwrap(
            api.POST("/api/v1/tasks/{task_id}/complete", {
              params: { path: { task_id: task.id } },
            }),
          ),
        // Offline: an edit in the outbox, merged on the server like any record edit.
        (local) => local.queueUpdate<Task>("tasks", task.id, { done: true }),
      ),
    networkMode: "always",
    onMutate: async (task) => {
      await client.cancelQueries({ queryKey: tasksKey });
      patchCachedTask(client, task.id, { done: true, done_at: new Date().toISOString() });
    },
    onError: (_error, task) => patchCachedTask(client, task.id, { done: false, done_at: null }),
    onSuccess: (saved) => patchCachedTask(client, saved.id, saved),
  });
}

export function useReopenTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (task: Task) =>
      sendOrQueue(
        () =>
          unwrap(
            api.PATCH("/api/v1/tasks/{task_id}", {
              params: { path: { task_id: task.id }, header: { "If-Match": String(task.version) } },
              body: { done: false },
            }),
          ),
        (local) => local.queueUpdate<Task>("tasks", task.id, { done: false }),
      ),
    networkMode: "always",
    onMutate: (task) => patchCachedTask(client, task.id, { done: false, done_at: null }),
    onError: (_error, task) => patchCachedTask(client, task.id, { done: true }),
    onSuccess: (saved) => patchCachedTask(client, saved.id, saved),
  });
}

export function useCreateTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TaskCreate) =>
      unwrap(
        api.POST("/api/v1/tasks", {
          body,
          params: { header: { "idempotency-key": idempotencyKey() } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: tasksKey }),
  });
}

export function useUpdateTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ task, changes }: { task: Task; changes: TaskUpdate }) =>
      sendOrQueue(
        () =>
          unwrap(
            api.PATCH("/api/v1/tasks/{task_id}", {
              params: { path: { task_id: task.id }, header: { "If-Match": String(task.version) } },
              body: changes,
            }),
          ),
        (local) => local.queueUpdate<Task>("tasks", task.id, changes),
      ),
    networkMode: "always",
    onSuccess: (saved) => {
      patchCachedTask(client, saved.id, saved);
      void client.invalidateQueries({ queryKey: tasksKey });
    },
  });
}

export function useDeleteTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/tasks/{task_id}", { params: { path: { task_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: tasksKey }),
  });
}

/**
 * The changes that move a task to a new due time. A reminder moves with it, keeping its lead
 * (a reminder an hour before stays an hour before), and never lands after the new due time.
 */
export function rescheduleChanges(task: Task, dueAt: string): TaskUpdate {
  const due = new Date(dueAt);
  if (!task.remind_at) return { due_at: due.toISOString() };
  const remind = new Date(task.remind_at);
  const next = task.due_at
    ? new Date(due.getTime() - (new Date(task.due_at).getTime() - remind.getTime()))
    : remind > due
      ? due
      : remind;
  return { due_at: due.toISOString(), remind_at: next.toISOString() };
}

/** Bulk actions on selected tasks: one bulk PATCH for changes, one DELETE per task. */
export function useTasksBulk() {
  const client = useQueryClient();
  const settled = <T>(result: T) => {
    void client.invalidateQueries({ queryKey: tasksKey });
    return result;
  };
  const patch = async (rows: Task[], changes: (task: Task) => TaskUpdate) =>
    settled(
      bulkOutcome(
        await unwrap(
          api.PATCH("/api/v1/tasks/bulk", {
            body: {
              items: rows.map((task) => ({
                id: task.id,
                version: task.version,
                changes: changes(task),
              })),
            },
          }),
        ),
      ),
    );
  return {
    complete: (rows: Task[]) => patch(rows, () => ({ done: true })),
    reassign: (rows: Task[], assigneeId: string) =>
      patch(rows, () => ({ assignee_id: assigneeId })),
    reschedule: (rows: Task[], dueAt: string) =>
      patch(rows, (task) => rescheduleChanges(task, dueAt)),
    remove: async (rows: Task[]) => {
      const { done: _done, ...result } = await eachLimited(rows, (task) =>
        unwrap(api.DELETE("/api/v1/tasks/{task_id}", { params: { path: { task_id: task.id } } })),
      );
      return settled(result);
    },
  };
}
