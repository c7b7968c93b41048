import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import type { components } from "../../../api/schema";
import type { Page } from "../../../api/types";

type S = components["schemas"];
export type Evidence = S["Evidence"];
export type MatchCandidate = S["MatchCandidateOut"];
export type ResolutionRun = S["ResolutionRunOut"];
export type CandidatePage = Page<MatchCandidate>;
export type Decision = S["DecisionIn"];

export const reviewKey = ["review"] as const;
export const QUEUE_SIZE = 50;
const pendingKey = [...reviewKey, "pending"] as const;

/** Pending pairs, highest score first (the first page: the queue is worked from the top). */
export function usePendingPairs() {
  return useQuery({
    queryKey: pendingKey,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/match-candidates", {
          params: { query: { status: "pending", limit: QUEUE_SIZE } },
          signal,
        }),
      ),
    staleTime: 30_000,
  });
}

export function useDecide() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (vars: { id: string; body: Decision }) =>
      unwrap(
        api.POST("/api/v1/match-candidates/{candidate_id}/decision", {
          params: { path: { candidate_id: vars.id } },
          body: vars.body,
        }),
      ),
    onSuccess: (decided) => {
      const page = client.getQueryData<CandidatePage>(pendingKey);
      const left = page ? page.items.filter((c) => c.id !== decided.id) : [];
      if (page) client.setQueryData<CandidatePage>(pendingKey, { ...page, items: left });
      // The page is worked through: fetch the next pairs, if the server has more.
      if (page?.next_cursor && left.length === 0)
        void client.invalidateQueries({ queryKey: pendingKey });
      void client.invalidateQueries({ queryKey: ["people"] });
    },
  });
}

/** Admins: start a resolution run; `useRun` then polls it until it finishes. */
export function useStartRun() {
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/resolution/runs", { body: { dry_run: false } })),
  });
}

export const runOver = (run: ResolutionRun | undefined) =>
  Boolean(run && (run.finished_at || run.status !== "running"));

export function useRun(id: string | null) {
  const client = useQueryClient();
  return useQuery({
    queryKey: [...reviewKey, "run", id],
    queryFn: async ({ signal }) => {
      const run = await unwrap(
        api.GET("/api/v1/resolution/runs/{run_id}", {
          params: { path: { run_id: id ?? "" } },
          signal,
        }),
      );
      if (runOver(run)) void client.invalidateQueries({ queryKey: pendingKey });
      return run;
    },
    enabled: Boolean(id),
    refetchInterval: (query) => (runOver(query.state.data) ? false : 1000),
  });
}
