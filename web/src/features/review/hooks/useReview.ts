import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import type { Person } from "../../../api/types";

// The resolution API (branch `resolution`, contract fixed): typed here until it is in the
// generated schema.
export interface Evidence {
  field: string;
  label: string;
  agreed: boolean;
  weight: number;
}
export interface MatchCandidate {
  id: string;
  score: number;
  match_weight: number;
  evidence: Evidence[];
  status: "pending" | "merged" | "rejected";
  created_at: string;
  decided_at: string | null;
  merge_id: string | null;
  person_a: Person;
  person_b: Person;
}
export interface CandidatePage {
  items: MatchCandidate[];
  next_cursor?: string | null;
  limit: number;
}
export interface ResolutionRun {
  id: string;
  status: string;
  records: number;
  pairs_scored: number;
  auto_merged: number;
  queued: number;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
}
export type Decision = { decision: "merge"; survivor_id: string } | { decision: "reject" };

type Call<T> = Promise<{ data?: T; error?: unknown; response: Response }>;
type Loose = {
  GET: <T>(path: string, init?: Record<string, unknown>) => Call<T>;
  POST: <T>(path: string, init?: Record<string, unknown>) => Call<T>;
};
const loose = api as unknown as Loose;

export const reviewKey = ["review"] as const;
export const QUEUE_SIZE = 50;

/** Pending pairs, highest score first (the first page: the queue is worked from the top). */
export function usePendingPairs() {
  return useQuery({
    queryKey: [...reviewKey, "pending"],
    queryFn: ({ signal }) =>
      unwrap(
        loose.GET<CandidatePage>("/api/v1/match-candidates", {
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
        loose.POST<MatchCandidate>("/api/v1/match-candidates/{candidate_id}/decision", {
          params: { path: { candidate_id: vars.id } },
          body: vars.body,
        }),
      ),
    onSuccess: (decided) => {
      const key = [...reviewKey, "pending"];
      const page = client.getQueryData<CandidatePage>(key);
      const left = page ? page.items.filter((c) => c.id !== decided.id) : [];
      if (page) client.setQueryData<CandidatePage>(key, { ...page, items: left });
      // The page is worked through: fetch the next pairs, if the server has more.
      if (page?.next_cursor && left.length === 0) void client.invalidateQueries({ queryKey: key });
      void client.invalidateQueries({ queryKey: ["people"] });
    },
  });
}

/** Admins: start a resolution run; `useRun` then polls it until it finishes. */
export function useStartRun() {
  return useMutation({
    mutationFn: () => unwrap(loose.POST<ResolutionRun>("/api/v1/resolution/runs", {})),
  });
}

export function useRun(id: string | null) {
  const client = useQueryClient();
  return useQuery({
    queryKey: [...reviewKey, "run", id],
    queryFn: async ({ signal }) => {
      const run = await unwrap(
        loose.GET<ResolutionRun>("/api/v1/resolution/runs/{run_id}", {
          params: { path: { run_id: id } },
          signal,
        }),
      );
      if (run.finished_at || run.status === "failed" || run.status === "finished")
        void client.invalidateQueries({ queryKey: [...reviewKey, "pending"] });
      return run;
    },
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data?.finished_at ? false : 1000),
  });
}
