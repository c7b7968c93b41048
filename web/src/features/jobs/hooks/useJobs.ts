import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { api, unwrap } from "../../../api/client";

export const JOB_STATUSES = ["dead", "retrying", "queued", "running", "done"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const jobsKey = ["jobs"] as const;
const PAGE = 50;

export function useJobSummary() {
  return useQuery({
    queryKey: [...jobsKey, "summary"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/jobs/summary", { signal })),
    refetchInterval: 30_000,
  });
}

/** Jobs, most recently changed first, page after page (`before` is the last page's cursor). */
export function useJobs(filter: { status?: JobStatus | null; kind?: string | null }) {
  const query = useInfiniteQuery({
    queryKey: [...jobsKey, "list", filter],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/jobs", {
          params: {
            query: {
              status: filter.status ?? undefined,
              kind: filter.kind || undefined,
              limit: PAGE,
              before: pageParam,
            },
          },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_before ?? undefined,
  });
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  return { ...query, items };
}

export function useJob(id: string | null) {
  return useQuery({
    queryKey: [...jobsKey, "one", id],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/jobs/{job_id}", { params: { path: { job_id: id ?? "" } }, signal })),
    enabled: Boolean(id),
  });
}

export function useReplayJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/jobs/{job_id}/replay", { params: { path: { job_id: id } } })),
    onSuccess: (job) => {
      client.setQueryData([...jobsKey, "one", job.id], job);
      void client.invalidateQueries({ queryKey: jobsKey });
    },
  });
}
