import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, filterParam, idempotencyKey, unwrap } from "../../../api/client";
import { isConflict } from "../../../api/errors";
import type { Company, CompanyCreate, CompanyUpdate } from "../../../api/types";
import { eachLimited, withTag } from "../../../lib/bulk";
import { infiniteListOptions, type PageFetcher, useInfiniteList } from "../../../lib/lists";
import type { ListParams } from "../../../lib/useListParams";
import type { SaveVariables } from "../../../ui/record/useEditableRecord";

export const companiesKey = ["companies"] as const;
export const COMPANIES_DEFAULT_SORT = "name";
const companyKey = (id: string) => [...companiesKey, "one", id] as const;

export function companyPages(params: Partial<ListParams>): PageFetcher<Company> {
  return ({ cursor, limit, signal }) =>
    unwrap(
      api.GET("/api/v1/companies", {
        params: {
          query: {
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

export function companiesListOptions(params: ListParams) {
  const { cursor, ...view } = params;
  return infiniteListOptions([...companiesKey, "list", view], companyPages(params), {
    initialCursor: cursor,
  });
}

export function useCompaniesList(params: ListParams) {
  const { cursor, ...view } = params;
  return useInfiniteList([...companiesKey, "list", view], companyPages(params), {
    initialCursor: cursor,
  });
}

export function useCompany(id: string | null | undefined) {
  return useQuery({
    queryKey: companyKey(id ?? ""),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/companies/{company_id}", {
          params: { path: { company_id: id! } },
          signal,
        }),
      ),
    enabled: Boolean(id),
  });
}

/** Companies matching a name, for pickers. */
export function useCompanySearch(q: string) {
  return useQuery({
    queryKey: [...companiesKey, "search", q],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/companies", {
          params: { query: { q: q || undefined, limit: 20, sort: "name" } },
          signal,
        }),
      ),
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  });
}

export function useCompanyPeople(id: string) {
  return useInfiniteList([...companiesKey, "people", id], ({ cursor, limit, signal }) =>
    unwrap(
      api.GET("/api/v1/companies/{company_id}/people", {
        params: { path: { company_id: id }, query: { cursor, limit, sort: "display_name" } },
        signal,
      }),
    ),
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

async function bulkPatch(items: { id: string; version: number; changes: CompanyUpdate }[]) {
  const result = await unwrap(api.PATCH("/api/v1/companies/bulk", { body: { items } }));
  return { succeeded: result.succeeded, failed: result.failed };
}

export function useCompaniesBulk() {
  const client = useQueryClient();
  const done = <T>(result: T) => {
    void client.invalidateQueries({ queryKey: companiesKey });
    return result;
  };
  return {
    assign: (rows: Company[], ownerId: string) =>
      bulkPatch(
        rows.map((c) => ({ id: c.id, version: c.version, changes: { owner_id: ownerId } })),
      ).then(done),
    addTag: (rows: Company[], tag: string) =>
      bulkPatch(
        rows.map((c) => ({
          id: c.id,
          version: c.version,
          changes: { tags: withTag(c.tags, tag) },
        })),
      ).then(done),
    remove: (rows: Company[]) =>
      eachLimited(rows, (c) =>
        unwrap(
          api.DELETE("/api/v1/companies/{company_id}", { params: { path: { company_id: c.id } } }),
        ),
      ).then(done),
  };
}
