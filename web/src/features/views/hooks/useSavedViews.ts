import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, idempotencyKey, unwrap } from "../../../api/client";
import type { components } from "../../../api/schema";
import type { SavedView, ViewObject } from "../state";

type ViewCreate = components["schemas"]["SavedViewCreate"];
type ViewUpdate = components["schemas"]["SavedViewUpdate"];

export const viewsKey = ["views"] as const;
const listKey = (object: ViewObject) => [...viewsKey, "list", object] as const;

/** The caller's own views of one list and the shared ones, by name. */
export function useSavedViews(object: ViewObject) {
  return useQuery({
    queryKey: listKey(object),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/views", { params: { query: { object_type: object } }, signal })),
    staleTime: 30_000,
  });
}

/** Create, change, delete and choose the default; each refreshes the list of views. */
export function useViewActions(object: ViewObject) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: listKey(object) });
  const create = useMutation({
    mutationFn: (body: Omit<ViewCreate, "object_type">) =>
      unwrap(
        api.POST("/api/v1/views", {
          body: { ...body, object_type: object },
          params: { header: { "idempotency-key": idempotencyKey() } },
        }),
      ),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: ({ view, changes }: { view: SavedView; changes: ViewUpdate }) =>
      unwrap(
        api.PATCH("/api/v1/views/{view_id}", {
          params: { path: { view_id: view.id }, header: { "If-Match": String(view.version) } },
          body: changes,
        }),
      ),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (view: SavedView) =>
      unwrap(api.DELETE("/api/v1/views/{view_id}", { params: { path: { view_id: view.id } } })),
    onSuccess: refresh,
  });
  const setDefault = useMutation({
    mutationFn: ({ view, on }: { view: SavedView; on: boolean }) =>
      unwrap(
        on
          ? api.PUT("/api/v1/views/{view_id}/default", { params: { path: { view_id: view.id } } })
          : api.DELETE("/api/v1/views/{view_id}/default", {
              params: { path: { view_id: view.id } },
            }),
      ),
    onSuccess: refresh,
  });
  return { create, update, remove, setDefault };
}
