import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { api, filterParam, idempotencyKey, unwrap } from "../../../api/client";
import { isConflict } from "../../../api/errors";
import type { Company, CompanyCreate, CompanyUpdate } from "../../../api/types";
import { bulkOutcome, recordBulk } from "../../../lib/bulk";
import {
  infiniteListOptions,
  type PageFetcher,
  useInfiniteList,
  usePickerSearch,
  viewListArgs,
} from "../../../lib/lists";
import type { ListParams } from "../../../lib/useListParams";
import type { SaveVariables } from "../../../ui/record/useEditableRecord";
import { onlineOrLocal } from "../../offline/fallback";
import { historyKey } from "../../records/hooks/useRecordHistory";

export const companiesKey = ["companies"] as const;
export const COMPANIES_DEFAULT_SORT = "name";
const companyKey = (id: string) => [...companiesKey, "one", id] as const;

export function companyPages(params: Partial<ListParams>): PageFetcher<Company> {
  // Offline, the list comes from the device's local copy (the bin needs the server).
  return ({ cursor, limit, signal }) =>
    onlineOrLocal(
      () =>
        unwrap(
          api.GET("/api/v1/companies", {
            params: {
              query: {
                q: params.q || undefined,
                sort: params.sort,
                filter: filterParam(params.filter),
                deleted: params.deleted,
                cursor,
                limit,
              },
            },
            signal,
          }),
        ),
      async (local) => (params.deleted || cursor ? undefined : local.companiesPage(params, limit)),
    );
}

export function companiesListOptions(params: ListParams) {
  return infiniteListOptions(...viewListArgs(companiesKey, params, companyPages));
}

export function useCompaniesList(params: ListParams) {
  return useInfiniteList(...viewListArgs(companiesKey, params, companyPages));
}

export function useCompany(id: string | null | undefined) {
  return useQuery({
    queryKey: companyKey(id ?? ""),
    queryFn: ({ signal }) =>
      onlineOrLocal(
        () =>
          unwrap(
            api.GET("/api/v1/companies/{company_id}", {
              params: { path: { company_id: id! } },
              signal,
            }),
          ),
        (local) => local.view<Company>("companies", id!),
      ),
    enabled: Boolean(id),
    networkMode: "always",
  });
}

/** Companies matching what was typed (name or domain), first page only: for pickers. */
export function useCompanySearch(q: string, enabled = true) {
  return usePickerSearch(
    [...companiesKey, "search", q],
    (signal) =>
      unwrap(
        api.GET("/api/v1/companies", {
          params: { query: { q: q || undefined, limit: 20, sort: "name" } },
          signal,
        }),
      ),
    enabled,
  );
}

export function useCompanyPeople(id: string) {
  return useInfiniteList(
    [...companiesKey, "people", id],
    ({ cursor, limit, signal }) =>
      onlineOrLocal(
        () =>
          unwrap(
            api.GET("/api/v1/companies/{company_id}/people", {
              params: { path: { company_id: id }, query: { cursor, limit, sort: "display_name" } },
              signal,
            }),
          ),
        async (local) => (cursor ? undefined : local.companyPeople(id, limit)),
      ),
    { networkMode: "always" },
  );
}

export function useCreateCompany() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CompanyCreate) =>
      unwrap(
        api.POST("/api/v1/companies", {
          body,
          params: { header: { "idempotency-key": idempotencyKey() } },
        }),
      ),
    onSuccess: (company) => {
      client.setQueryData(companyKey(company.id), company);
      void client.invalidateQueries({ queryKey: [...companiesKey, "list"] });
    },
  });
}

export function useUpdateCompany(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ version, changes }: SaveVariables<CompanyUpdate>) =>
      unwrap(
        api.PATCH("/api/v1/companies/{company_id}", {
          params: { path: { company_id: id }, header: { "If-Match": String(version) } },
          body: changes,
        }),
      ),
    onSuccess: (company) => {
      client.setQueryData(companyKey(id), company);
      void client.invalidateQueries({ queryKey: historyKey("companies", id) });
      void client.invalidateQueries({ queryKey: [...companiesKey, "list"] });
    },
    onError: (error) => {
      if (isConflict(error) && error.problem.current)
        client.setQueryData(companyKey(id), error.problem.current as Company);
    },
  });
}

export function useDeleteCompany() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE("/api/v1/companies/{company_id}", { params: { path: { company_id: id } } }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: companiesKey }),
  });
}

/** Admins: bring back a deleted company (a plain function: it outlives the page that deleted). */
export function useRestoreCompany() {
  const client = useQueryClient();
  return useCallback(
    async (id: string) => {
      const company = await unwrap(
        api.POST("/api/v1/companies/{company_id}/restore", {
          params: { path: { company_id: id } },
        }),
      );
      client.setQueryData(companyKey(id), company);
      void client.invalidateQueries({ queryKey: [...companiesKey, "list"] });
      return company;
    },
    [client],
  );
}

export function useCompaniesBulk(options: { canRestore?: boolean } = {}) {
  const client = useQueryClient();
  const restore = useRestoreCompany();
  return recordBulk<Company>({
    patch: async (items) =>
      bulkOutcome(await unwrap(api.PATCH("/api/v1/companies/bulk", { body: { items } }))),
    remove: (id) =>
      unwrap(
        api.DELETE("/api/v1/companies/{company_id}", { params: { path: { company_id: id } } }),
      ),
    restore: options.canRestore ? restore : undefined,
    settled: () => void client.invalidateQueries({ queryKey: companiesKey }),
  });
}
