import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../../../api/errors";
import type { Pipeline, PipelineUpdate, StageIn } from "../../../../api/types";
import { describeError, fieldMessages } from "../../../../ui/errors";
import { type Conflict, ConflictDialog } from "../../../../ui/record/ConflictDialog";

type Shown = Record<string, unknown> & { version: number };

/** A pipeline as the conflict dialog shows it: stage names in order, yes/no for the default. */
function shown(t: TFunction, p: Partial<Pipeline> & { version: number }): Shown {
  return {
    id: p.id,
    version: p.version,
    name: p.name,
    is_default:
      p.is_default === undefined ? undefined : t(p.is_default ? "common:yes" : "common:no"),
    stages: p.stages?.map((s) => s.name),
  };
}

function shownChanges(
  t: TFunction,
  changes: PipelineUpdate & { stages?: StageIn[] },
): Partial<Shown> {
  const out: Partial<Shown> = {};
  if (changes.name !== undefined) out.name = changes.name;
  if (changes.is_default !== undefined && changes.is_default !== null)
    out.is_default = t(changes.is_default ? "common:yes" : "common:no");
  if (changes.stages) out.stages = changes.stages.map((s) => s.name);
  return out;
}

/** Someone else changed the pipeline first: show both, let the admin re-apply or keep theirs. */
export function PipelineConflict(props: {
  conflict: Conflict<Pipeline> | null;
  onReapply: () => void;
  onDiscard: () => void;
  busy?: boolean;
}) {
  const { t } = useTranslation("settings");
  const c = props.conflict;
  const conflict: Conflict<Shown> | null = c
    ? {
        base: shown(t, c.base),
        current: shown(t, c.current),
        changes: shownChanges(t, c.changes as PipelineUpdate & { stages?: StageIn[] }),
      }
    : null;
  return (
    <ConflictDialog
      conflict={conflict}
      label={(field) =>
        field === "name"
          ? t("pipelines.name")
          : field === "is_default"
            ? t("pipelines.default")
            : t("pipelines.stages")
      }
      onReapply={props.onReapply}
      onDiscard={props.onDiscard}
      busy={props.busy}
    />
  );
}

/** The API's per-field messages; a taken name gets the whole sentence, not just "taken". */
export function pipelineFieldErrors(t: TFunction, error: unknown): Record<string, string> {
  const messages = fieldMessages(t, error);
  if (isApiError(error) && error.code === "name_taken") messages.name = describeError(t, error);
  return messages;
}
