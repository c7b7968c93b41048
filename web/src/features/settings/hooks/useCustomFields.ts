import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, idempotencyKey, unwrap } from "../../../api/client";
import type { CustomFieldCreate, CustomFieldUpdate } from "../../../api/types";

export const customFieldsKey = ["custom-fields"] as const;
export type CustomObject = "people" | "companies" | "deals";

export function useCustomFields(objectType?: CustomObject) {
  return useQuery({
    queryKey: [...customFieldsKey, objectType ?? "all"],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/custom-fields", {
          params: { query: { object_type: objectType } },
          signal,
        }),
      ),
    staleTime: 5 * 60_000,
  });
}

export function useCreateCustomField() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomFieldCreate) =>
      unwrap(
        api.POST("/api/v1/custom-fields", {
          body,
          params: { header: { "idempotency-key": idempotencyKey() } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: customFieldsKey }),
  });
}

/** Label, choices, required…: with the version the admin read (If-Match). */
export function useUpdateCustomField() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      version,
      changes,
    }: {
      id: string;
      version: number;
      changes: CustomFieldUpdate;
    }) =>
      unwrap(
        api.PATCH("/api/v1/custom-fields/{field_id}", {
          params: { path: { field_id: id }, header: { "If-Match": String(version) } },
          body: changes,
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: customFieldsKey }),
  });
}

export function useDeleteCustomField() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE("/api/v1/custom-fields/{field_id}", { params: { path: { field_id: id } } }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: customFieldsKey }),
  });
}
