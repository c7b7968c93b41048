/**
 * A routing rule as the editor holds it (every condition present, numbers possibly blank) and
 * back to what the API takes (blank conditions left out, each action with only its own fields).
 */
import type {
  SocialRule,
  SocialRuleAction,
  SocialRuleConditions,
  SocialRuleCreate,
} from "../types";

export const LIST_CONDITIONS = [
  "platforms",
  "kinds",
  "languages",
  "sentiments",
  "intents",
  "priorities",
  "keyword_kinds",
  "keywords_any",
] as const;
export const NUMBER_CONDITIONS = [
  "min_intent_confidence",
  "min_priority_score",
  "min_followers",
] as const;
type ListCondition = (typeof LIST_CONDITIONS)[number];
type NumberCondition = (typeof NUMBER_CONDITIONS)[number];

export interface ActionDraft {
  type: SocialRuleAction["type"];
  team: string;
  queue: string;
  priority: string | null;
}

export type RuleDraft = {
  name: string;
  enabled: boolean;
  stop: boolean;
  actions: ActionDraft[];
} & Record<ListCondition, string[]> &
  Record<NumberCondition, number | "">;

export function emptyAction(type: ActionDraft["type"] = "route"): ActionDraft {
  return { type, team: "", queue: "", priority: null };
}

export function draftFrom(rule: SocialRule | null): RuleDraft {
  const c: Partial<SocialRuleConditions> = rule?.conditions ?? {};
  const draft = {
    name: rule?.name ?? "",
    enabled: rule?.enabled ?? true,
    stop: rule?.stop ?? true,
    actions: (rule?.actions ?? [emptyAction()]).map((a) => ({
      type: a.type,
      team: a.team ?? "",
      queue: a.queue ?? "",
      priority: a.priority ?? null,
    })),
  } as RuleDraft;
  for (const k of LIST_CONDITIONS) draft[k] = [...((c[k] as string[] | undefined) ?? [])];
  for (const k of NUMBER_CONDITIONS) draft[k] = (c[k] as number | null | undefined) ?? "";
  return draft;
}

/** Each action keeps only the fields its type uses. */
export function actionPayload(a: ActionDraft): SocialRuleAction {
  if (a.type === "route" || a.type === "copy") return { type: a.type, team: a.team.trim() };
  if (a.type === "ticket")
    return {
      type: "ticket",
      queue: a.queue.trim(),
      ...(a.priority ? { priority: a.priority as SocialRuleAction["priority"] } : {}),
    };
  return { type: a.type };
}

export function rulePayload(draft: RuleDraft): SocialRuleCreate {
  const conditions: Record<string, unknown> = {};
  for (const k of LIST_CONDITIONS) {
    const values = draft[k].map((v) => v.trim()).filter(Boolean);
    if (values.length) conditions[k] = values;
  }
  for (const k of NUMBER_CONDITIONS) {
    if (draft[k] !== "") conditions[k] = Number(draft[k]);
  }
  return {
    name: draft.name.trim(),
    enabled: draft.enabled,
    stop: draft.stop,
    conditions: conditions as SocialRuleConditions,
    actions: draft.actions.map(actionPayload),
  };
}

/** What is missing, by field path (`actions.1.team`), before the API is asked. */
export function draftErrors(draft: RuleDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!draft.name.trim()) errors.name = "required";
  if (draft.actions.length === 0) errors.actions = "required";
  draft.actions.forEach((a, i) => {
    if ((a.type === "route" || a.type === "copy") && !a.team.trim())
      errors[`actions.${i}.team`] = "required";
    if (a.type === "ticket" && !a.queue.trim()) errors[`actions.${i}.queue`] = "required";
  });
  return errors;
}

/** The stated conditions, in a fixed order, for a one-line summary ("intent: complaint"). */
export function conditionParts(c: SocialRuleConditions): { field: string; values: string[] }[] {
  const parts: { field: string; values: string[] }[] = [];
  for (const k of LIST_CONDITIONS) {
    const values = (c[k] as string[] | undefined) ?? [];
    if (values.length) parts.push({ field: k, values });
  }
  for (const k of NUMBER_CONDITIONS) {
    const value = c[k];
    if (value !== null && value !== undefined) parts.push({ field: k, values: [String(value)] });
  }
  return parts;
}
