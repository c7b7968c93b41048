import { Alert, Button, Group, List, Modal, Stack, Text, Title } from "@mantine/core";
import type { TFunction } from "i18next";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../../../api/errors";
import type { Pipeline, Stage, StageIn } from "../../../../api/types";
import { describeError, describeFieldProblem, useNotify } from "../../../../ui/errors";
import { useDealSummary } from "../../../deals/hooks/useDeals";
import { useReplaceStages } from "../../hooks/usePipelineSettings";
import { useVersionedSave } from "../../hooks/useVersionedSave";
import { PipelineConflict } from "./PipelineConflict";
import { StagesEditor } from "./StagesEditor";
import {
  checkStages,
  type DraftStage,
  isDirty,
  mapStageProblems,
  removedStages,
  restoreStages,
  type StageErrors,
  toDraft,
  toPayload,
} from "./stagesDraft";

/** Translate the editor's own checks (codes) into messages per row. */
export function checkMessages(t: TFunction, draft: DraftStage[]): StageErrors {
  const out: StageErrors = {};
  for (const [key, fields] of Object.entries(checkStages(draft))) {
    out[key] = Object.fromEntries(
      Object.entries(fields).map(([field, code]) => [field, t(`pipelines.checks.${code}`)]),
    );
  }
  return out;
}

/** Where the API's refusal of a stages change belongs: on rows, or above them. */
export function stageFailure(
  t: TFunction,
  error: unknown,
  sent: DraftStage[],
): { rows: StageErrors; general: string[] } | null {
  if (!isApiError(error) || !error.problem.errors?.length) return null;
  const mapped = mapStageProblems(error.problem.errors, sent, (p) => describeFieldProblem(t, p));
  if (Object.keys(mapped.rows).length === 0 && mapped.general.length === 0) return null;
  return mapped;
}

function stageIdsInUse(error: unknown): string[] {
  if (!isApiError(error) || error.code !== "stage_in_use") return [];
  const ids = (error.problem as Record<string, unknown>).stage_ids;
  return Array.isArray(ids) ? ids.map(String) : [];
}

/** A pipeline's stages: edited as a draft, saved in one PUT with the version it was read at. */
export function PipelineStages({ pipeline, active }: { pipeline: Pipeline; active: boolean }) {
  const { t } = useTranslation("settings");
  const notify = useNotify();
  const replace = useReplaceStages();
  // Every deal in the pipeline, won and lost too: a stage holding any cannot be deleted.
  const summary = useDealSummary(active ? pipeline.id : undefined);
  const counts = useMemo(
    () => Object.fromEntries((summary.data?.stages ?? []).map((s) => [s.stage_id, s.count])),
    [summary.data],
  );
  // The version the draft was made from: saving sends it, so nobody's change is overwritten.
  const [base, setBase] = useState(pipeline);
  const [draft, setDraft] = useState(() => toDraft(pipeline.stages));
  const [rowErrors, setRowErrors] = useState<StageErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [confirming, setConfirming] = useState<Stage[] | null>(null);
  const sent = useRef<DraftStage[]>([]);
  const dirty = isDirty(base.stages, draft);

  const reset = (to: Pipeline) => {
    setBase(to);
    setDraft(toDraft(to.stages));
    setRowErrors({});
    setGeneral([]);
  };

  // A newer version from the server (saved elsewhere) replaces an untouched draft.
  useEffect(() => {
    if (pipeline.version > base.version && !dirty) reset(pipeline);
  });

  const saver = useVersionedSave<Pipeline, { stages: StageIn[] }>(
    base,
    ({ version, changes }) =>
      replace.mutateAsync({ id: pipeline.id, version, stages: changes.stages }),
    {
      onSaved: (saved) => {
        reset(saved);
        notify.success(t("pipelines.stagesSaved"));
      },
      onDiscard: reset,
      onFailed: (error) => {
        const inUse = stageIdsInUse(error);
        if (inUse.length) {
          // Put the refused stages back, with the reason on each.
          const names = base.stages.filter((s) => inUse.includes(s.id)).map((s) => s.name);
          setDraft((current) => restoreStages(current, base.stages, inUse));
          setRowErrors(
            Object.fromEntries(inUse.map((id) => [id, { name: t("pipelines.holdsDeals") }])),
          );
          setGeneral([t("pipelines.stageInUse", { names: names.join(", ") })]);
          return true;
        }
        const mapped = stageFailure(t, error, sent.current);
        if (!mapped) {
          setGeneral([describeError(t, error)]);
          return true;
        }
        setRowErrors(mapped.rows);
        setGeneral(mapped.general.length ? mapped.general : [describeError(t, error)]);
        return true;
      },
    },
  );

  const change = (next: DraftStage[]) => {
    // A row's messages go once the admin changes that row.
    const before = new Map(draft.map((s) => [s.key, JSON.stringify(s)]));
    setRowErrors((errors) =>
      Object.fromEntries(
        Object.entries(errors).filter(([key]) => {
          const row = next.find((s) => s.key === key);
          return row && before.get(key) === JSON.stringify(row);
        }),
      ),
    );
    setDraft(next);
  };

  const send = () => {
    setConfirming(null);
    sent.current = draft;
    void saver.saveChanges({ stages: toPayload(draft) });
  };

  const save = () => {
    setGeneral([]);
    const problems = checkMessages(t, draft);
    if (Object.keys(problems).length) {
      setRowErrors(problems);
      return;
    }
    const removed = removedStages(base.stages, draft);
    if (removed.length) setConfirming(removed);
    else send();
  };

  const busy = saver.busy;
  const blocked = (confirming ?? []).filter((s) => (counts[s.id] ?? 0) > 0);

  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        {t("pipelines.stages")}
      </Title>
      {general.length > 0 && (
        <Alert color="red" c="dark" role="alert" data-testid="stages-error">
          {general.join(" ")}
        </Alert>
      )}
      <StagesEditor
        stages={draft}
        onChange={change}
        errors={rowErrors}
        counts={counts}
        disabled={busy}
      />
      <Group justify="flex-end" gap="xs">
        <Button variant="default" disabled={!dirty || busy} onClick={() => reset(base)}>
          {t("pipelines.undo")}
        </Button>
        <Button onClick={save} disabled={!dirty} loading={busy}>
          {t("pipelines.saveStages")}
        </Button>
      </Group>
      <Modal
        closeButtonProps={{ "aria-label": t("close") }}
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={t("pipelines.removeTitle", { count: confirming?.length ?? 0 })}
      >
        <Stack>
          <Text>{t("pipelines.removeBody", { count: confirming?.length ?? 0 })}</Text>
          <List>
            {(confirming ?? []).map((s) => (
              <List.Item key={s.id}>
                {s.name}
                {counts[s.id] ? ` — ${t("pipelines.dealsInStage", { count: counts[s.id] })}` : ""}
              </List.Item>
            ))}
          </List>
          {blocked.length > 0 && (
            <Alert color="yellow" c="dark">
              {t("pipelines.removeBlocked")}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)} data-autofocus>
              {t("common:cancel")}
            </Button>
            <Button color="red.9" onClick={send}>
              {t("pipelines.removeAndSave")}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <PipelineConflict
        conflict={saver.conflict}
        onReapply={() => void saver.reapply()}
        onDiscard={saver.discard}
        busy={busy}
      />
    </Stack>
  );
}
