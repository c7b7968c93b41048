import { type InfiniteData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, filterParam, idempotencyKey, unwrap } from "../../../api/client";
import { isConflict } from "../../../api/errors";
import type { Deal, DealCreate, DealUpdate, Page, PipelineSummary } from "../../../api/types";
import { bulkOutcome, recordBulk } from "../../../lib/bulk";
import type { FilterNode } from "../../../lib/filter";
import {
  infiniteListOptions,
  type PageFetcher,
  useInfiniteList,
  viewListArgs,
} from "../../../lib/lists";
import type { ListParams } from "../../../lib/useListParams";
import type { SaveVariables } from "../../../ui/record/useEditableRecord";
import { onlineOrLocal } from "../../offline/fallback";
import { historyKey } from "../../records/hooks/useRecordHistory";

export const dealsKey = ["deals"] as const;
export const DEALS_DEFAULT_SORT = "-updated_at";
const dealKey = (id: string) => [...dealsKey, "one", id] as const;

export function dealPages(params: Partial<ListParams>): PageFetcher<Deal> {
  // Offline, the list comes from the device's local copy.
  return ({ cursor, limit, signal }) =>
    onlineOrLocal(
      () =>
        unwrap(
          api.GET("/api/v1/deals", {
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
        ),
      async (local) => (cursor ? undefined : local.dealsPage(params, limit)),
    );
}

export function dealsListOptions(params: ListParams) {
  return infiniteListOptions(...viewListArgs(dealsKey, params, dealPages));
}

export function useDealsList(params: ListParams) {
  return useInfiniteList(...viewListArgs(dealsKey, params, dealPages));
}

/** Deals under a fixed filter (a record's related deals, a board column). */
export function useDealsWhere(
  filter: FilterNode,
  options: { sort?: string; limit?: number; enabled?: boolean } = {},
) {
  return useInfiniteList(
    [...dealsKey, "list", { filter, sort: options.sort }],
    dealPages({ filter, sort: options.sort }),
    { limit: options.limit, enabled: options.enabled, networkMode: "always" },
  );
}

export function useDeal(id: string) {
  return useQuery({
    queryKey: dealKey(id),
    queryFn: ({ signal }) =>
      onlineOrLocal(
        () =>
          unwrap(api.GET("/api/v1/deals/{deal_id}", { params: { path: { deal_id: id } }, signal })),
        (local) => local.view<Deal>("deals", id),
      ),
    networkMode: "always",
  });
}

export function useStageHistory(id: string) {
  return useQuery({
    queryKey: [...dealsKey, "history", id],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/deals/{deal_id}/stage-history", {
          params: { path: { deal_id: id } },
          signal,
        }),
      ),
  });
}

export const pipelinesKey = ["pipelines"] as const;

export function usePipelines() {
  return useQuery({
    queryKey: pipelinesKey,
    queryFn: ({ signal }) =>
      onlineOrLocal(
        () => unwrap(api.GET("/api/v1/pipelines", { signal })),
        (local) => local.pipelines(),
      ),
    staleTime: 5 * 60_000,
    networkMode: "always",
  });
}

/** Count and total per stage (per currency), narrowed by the same filter as the cards. */
export function useDealSummary(pipelineId: string | undefined, filter?: FilterNode | null) {
  return useQuery({
    queryKey: [...dealsKey, "summary", pipelineId, filter ?? null],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/deals/summary", {
          params: { query: { pipeline_id: pipelineId, filter: filterParam(filter) } },
          signal,
        }),
      ),
    enabled: Boolean(pipelineId),
  });
}

/** Mark a deal won, or lost with a reason. */
export function useCloseDeal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      deal,
      status,
      lostReason,
    }: {
      deal: Deal;
      status: "won" | "lost" | "open";
      lostReason?: string;
    }) =>
      unwrap(
        api.PATCH("/api/v1/deals/{deal_id}", {
          params: { path: { deal_id: deal.id }, header: { "If-Match": String(deal.version) } },
          body: { status, lost_reason: status === "lost" ? (lostReason ?? null) : null },
        }),
      ),
    onSuccess: (deal) => {
      client.setQueryData(dealKey(deal.id), deal);
      void client.invalidateQueries({ queryKey: [...dealsKey, "list"] });
      void client.invalidateQueries({ queryKey: [...dealsKey, "summary"] });
      void client.invalidateQueries({ queryKey: historyKey("deals", deal.id) });
    },
  });
}

export function useCreateDeal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: DealCreate) =>
      unwrap(
        api.POST("/api/v1/deals", {
          body,
          params: { header: { "idempotency-key": idempotencyKey() } },
        }),
      ),
    onSuccess: (deal) => {
      client.setQueryData(dealKey(deal.id), deal);
      void client.invalidateQueries({ queryKey: dealsKey });
    },
  });
}

export function useUpdateDeal(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ version, changes }: SaveVariables<DealUpdate>) =>
      unwrap(
        api.PATCH("/api/v1/deals/{deal_id}", {
          params: { path: { deal_id: id }, header: { "If-Match": String(version) } },
          body: changes,
        }),
      ),
    onSuccess: (deal) => {
      client.setQueryData(dealKey(id), deal);
      void client.invalidateQueries({ queryKey: historyKey("deals", id) });
      void client.invalidateQueries({ queryKey: [...dealsKey, "list"] });
      void client.invalidateQueries({ queryKey: [...dealsKey, "summary"] });
      void client.invalidateQueries({ queryKey: [...dealsKey, "history", id] });
    },
    onError: (error) => {
      if (isConflict(error) && error.problem.current)
        client.setQueryData(dealKey(id), error.problem.current as Deal);
    },
  });
}

type DealPages = InfiniteData<Page<Deal>, string | undefined>;

/**
 * Move a deal to another stage. The card moves at once in every cached list; if the server
 * refuses, everything is put back as it was.
 */
export function useMoveDeal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ deal, stageId }: { deal: Deal; stageId: string }) =>
      unwrap(
        api.POST("/api/v1/deals/{deal_id}/move", {
          params: { path: { deal_id: deal.id }, header: { "If-Match": String(deal.version) } },
          body: { stage_id: stageId },
        }),
      ),
    onMutate: async ({ deal, stageId }) => {
      await client.cancelQueries({ queryKey: [...dealsKey, "list"] });
      const snapshot = client.getQueriesData<DealPages>({ queryKey: [...dealsKey, "list"] });
      const moved = { ...deal, stage_id: stageId };
      for (const [key, data] of snapshot) {
        if (!data) continue;
        const stageOfList = boardStageOf(key);
        client.setQueryData<DealPages>(key, {
          ...data,
          pages: data.pages.map((page, index) => {
            let items = page.items.filter((d) => d.id !== deal.id);
            if (stageOfList === undefined)
              items = page.items.map((d) => (d.id === deal.id ? moved : d));
            else if (stageOfList === stageId && index === 0) items = [moved, ...items];
            return { ...page, items };
          }),
        });
      }
      const summaries = client.getQueriesData<PipelineSummary>({
        queryKey: [...dealsKey, "summary", deal.pipeline_id],
      });
      for (const [key, data] of summaries) {
        if (data) client.setQueryData<PipelineSummary>(key, shiftSummary(data, deal, stageId));
      }
      return { snapshot: [...snapshot, ...summaries] as [readonly unknown[], unknown][] };
    },
    onError: (_error, _vars, context) => {
      for (const [key, data] of context?.snapshot ?? []) client.setQueryData(key, data);
    },
    onSuccess: (deal) => {
      client.setQueryData(dealKey(deal.id), deal);
      void client.invalidateQueries({ queryKey: historyKey("deals", deal.id) });
      void client.invalidateQueries({ queryKey: [...dealsKey, "history", deal.id] });
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: [...dealsKey, "summary"] });
      void client.invalidateQueries({ queryKey: [...dealsKey, "list"] });
    },
  });
}

/** A summary with one deal counted in its new stage instead of its old one. */
export function shiftSummary(
  summary: PipelineSummary,
  deal: Deal,
  toStage: string,
): PipelineSummary {
  const amount = deal.amount === null ? null : Number(deal.amount);
  const shift = (stage: PipelineSummary["stages"][number], sign: 1 | -1) => ({
    ...stage,
    count: stage.count + sign,
    totals:
      amount === null
        ? stage.totals
        : (() => {
            const totals = stage.totals.map((t) => ({ ...t }));
            let entry = totals.find((t) => t.currency === deal.currency);
            if (!entry) {
              entry = { currency: deal.currency, count: 0, amount: "0" };
              totals.push(entry);
            }
            entry.count += sign;
            entry.amount = (Number(entry.amount) + sign * amount).toFixed(2);
            return totals.filter((t) => t.count > 0);
          })(),
  });
  return {
    ...summary,
    stages: summary.stages.map((stage) =>
      stage.stage_id === deal.stage_id
        ? shift(stage, -1)
        : stage.stage_id === toStage
          ? shift(stage, 1)
          : stage,
    ),
  };
}

/** Board columns are lists filtered to one stage: which stage does a cached list hold? */
function boardStageOf(key: readonly unknown[]): string | null | undefined {
  const view = key[2] as { filter?: FilterNode } | undefined;
  const conditions = view?.filter && "and" in view.filter ? view.filter.and : [];
  for (const c of conditions) {
    if ("field" in c && c.field === "stage_id" && c.op === "eq") return String(c.value);
  }
  return undefined;
}

export function useDeleteDeal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/deals/{deal_id}", { params: { path: { deal_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: dealsKey }),
  });
}

export function useDealsBulk() {
  const client = useQueryClient();
  return recordBulk<Deal>({
    patch: async (items) =>
      bulkOutcome(await unwrap(api.PATCH("/api/v1/deals/bulk", { body: { items } }))),
    remove: (id) =>
      unwrap(api.DELETE("/api/v1/deals/{deal_id}", { params: { path: { deal_id: id } } })),
    settled: () => void client.invalidateQueries({ queryKey: dealsKey }),
  });
}
