/**
 * The stages editor's working copy, and the rules it keeps before anything is sent: what the
 * API checks (a name on every stage, unique names, 0–100 %, 1–3650 days), checked here first so
 * the admin sees it at once; what the API still refuses is mapped back onto the right row.
 */
import type { FieldProblem } from "../../../../api/errors";
import type { Stage, StageIn } from "../../../../api/types";

export interface DraftStage {
  /** Stable across moves: the React key and where a row's errors hang. */
  key: string;
  /** The stage's id when it exists already (kept by the API), null for a new one. */
  id: string | null;
  name: string;
  probability: number;
  rotting_days: number | null;
}

export type StageField = "name" | "probability" | "rotting_days";
export type StageErrors = Record<string, Partial<Record<StageField, string>>>;
export type StageCheck = "required" | "duplicate" | "probability" | "rotting";

let counter = 0;

export function blankStage(): DraftStage {
  counter += 1;
  return { key: `new-${counter}`, id: null, name: "", probability: 0, rotting_days: null };
}

export function toDraft(stages: readonly Stage[]): DraftStage[] {
  return stages.map((s) => ({
    key: s.id,
    id: s.id,
    name: s.name,
    probability: s.probability,
    rotting_days: s.rotting_days,
  }));
}

/** Move the row at `from` to `to`; out-of-range moves change nothing. */
export function moveStage(list: DraftStage[], from: number, to: number): DraftStage[] {
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return list;
  const next = [...list];
  const [row] = next.splice(from, 1);
  if (row) next.splice(to, 0, row);
  return next;
}

export function updateStage(list: DraftStage[], key: string, patch: Partial<DraftStage>) {
  return list.map((s) => (s.key === key ? { ...s, ...patch } : s));
}

export function removeStage(list: DraftStage[], key: string) {
  return list.filter((s) => s.key !== key);
}

/** The body of `PUT /pipelines/{id}/stages` (or the stages of a new pipeline). */
export function toPayload(list: DraftStage[]): StageIn[] {
  return list.map((s) => ({
    ...(s.id ? { id: s.id } : {}),
    name: s.name.trim(),
    probability: s.probability,
    rotting_days: s.rotting_days,
  }));
}

export function isDirty(saved: readonly Stage[], draft: DraftStage[]): boolean {
  return JSON.stringify(toPayload(toDraft(saved))) !== JSON.stringify(toPayload(draft));
}

/** Stages that exist now and are no longer in the draft: saving deletes them. */
export function removedStages(saved: readonly Stage[], draft: DraftStage[]): Stage[] {
  const kept = new Set(draft.map((s) => s.id));
  return saved.filter((s) => !kept.has(s.id));
}

const fold = (name: string) => name.normalize("NFC").trim().toLocaleLowerCase();

/** What the API would refuse, per row and field, as codes the screen translates. */
export function checkStages(
  list: DraftStage[],
): Record<string, Partial<Record<StageField, StageCheck>>> {
  const out: Record<string, Partial<Record<StageField, StageCheck>>> = {};
  const seen = new Set<string>();
  const put = (key: string, field: StageField, code: StageCheck) => {
    out[key] = { ...out[key], [field]: code };
  };
  for (const s of list) {
    const name = fold(s.name);
    if (!name) put(s.key, "name", "required");
    else if (seen.has(name)) put(s.key, "name", "duplicate");
    seen.add(name);
    if (!Number.isInteger(s.probability) || s.probability < 0 || s.probability > 100)
      put(s.key, "probability", "probability");
    if (
      s.rotting_days !== null &&
      (!Number.isInteger(s.rotting_days) || s.rotting_days < 1 || s.rotting_days > 3650)
    )
      put(s.key, "rotting_days", "rotting");
  }
  return out;
}

/**
 * The API names rows by their index in what was sent (`stages.2.name`): put each message on
 * that row, whatever was moved since. Messages about the stages as a whole come back apart.
 */
export function mapStageProblems(
  problems: readonly FieldProblem[],
  sent: DraftStage[],
  describe: (problem: FieldProblem) => string,
): { rows: StageErrors; general: string[] } {
  const rows: StageErrors = {};
  const general: string[] = [];
  for (const problem of problems) {
    const match = problem.field.replace(/^body\./, "").match(/^stages\.(\d+)(?:\.(\w+))?/);
    const row = match ? sent[Number(match[1])] : undefined;
    if (!row) {
      general.push(describe(problem));
      continue;
    }
    const field: StageField =
      match?.[2] === "probability" || match?.[2] === "rotting_days" ? match[2] : "name";
    rows[row.key] = { ...rows[row.key], [field]: rows[row.key]?.[field] ?? describe(problem) };
  }
  return { rows, general };
}

/**
 * Put stages the API refused to delete (they still hold deals) back where they were, so the
 * admin sees them again with the reason on them.
 */
export function restoreStages(
  draft: DraftStage[],
  saved: readonly Stage[],
  ids: readonly string[],
): DraftStage[] {
  const next = [...draft];
  for (const stage of saved) {
    if (!ids.includes(stage.id) || next.some((s) => s.id === stage.id)) continue;
    const index = saved.indexOf(stage);
    next.splice(Math.min(index, next.length), 0, ...toDraft([stage]));
  }
  return next;
}
