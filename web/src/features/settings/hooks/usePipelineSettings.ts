import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, idempotencyKey, unwrap } from "../../../api/client";
import type { Pipeline, PipelineCreate, PipelineUpdate, StageIn } from "../../../api/types";
import { dealsKey, pipelinesKey } from "../../deals/hooks/useDeals";

/** After any change to a pipeline, the board and its column headers read it again. */
function useRefreshPipelines() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: pipelinesKey });
    void client.invalidateQueries({ queryKey: [...dealsKey, "summary"] });
  };
}

export function useCreatePipeline() {
  const refresh = useRefreshPipelines();
  return useMutation({
    mutationFn: (body: PipelineCreate) =>
      unwrap(
        api.POST("/api/v1/pipelines", {
          body,
          params: { header: { "idempotency-key": idempotencyKey() } },
        }),
      ),
    onSuccess: refresh,
  });
}

/** Rename, or make the default: with the version the admin read (If-Match). */
export function useUpdatePipeline() {
  const refresh = useRefreshPipelines();
  return useMutation({
    mutationFn: ({
      id,
      version,
      changes,
    }: {
      id: string;
      version: number;
      changes: PipelineUpdate;
    }) =>
      unwrap(
        api.PATCH("/api/v1/pipelines/{pipeline_id}", {
          params: { path: { pipeline_id: id }, header: { "If-Match": String(version) } },
          body: changes,
        }),
      ),
    onSuccess: refresh,
  });
}

/**
 * The stages in their new order: those with an id are kept, those without are added, and the
 * ones left out are deleted (409 `stage_in_use` while deals sit in them).
 */
export function useReplaceStages() {
  const refresh = useRefreshPipelines();
  return useMutation({
    mutationFn: ({ id, version, stages }: { id: string; version: number; stages: StageIn[] }) =>
      unwrap(
        api.PUT("/api/v1/pipelines/{pipeline_id}/stages", {
          params: { path: { pipeline_id: id }, header: { "If-Match": String(version) } },
          body: { stages },
        }),
      ),
    onSuccess: refresh,
  });
}

export function useDeletePipeline() {
  const refresh = useRefreshPipelines();
  return useMutation({
    mutationFn: (pipeline: Pipeline) =>
      unwrap(
        api.DELETE("/api/v1/pipelines/{pipeline_id}", {
          params: { path: { pipeline_id: pipeline.id } },
        }),
      ),
    onSuccess: refresh,
  });
}
