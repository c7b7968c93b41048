/** Routing rules: the form's values, the body sent to the API, and a one-line summary. */
import type { TFunction } from "i18next";
import type {
  TicketChannel,
  TicketPriority,
  TicketRule,
  TicketRuleConditions,
  TicketRuleCreate,
  TicketType,
} from "../../../api/types";

export interface RuleValues {
  name: string;
  queue_id: string | null;
  enabled: boolean;
  set_priority: TicketPriority | null;
  channel: TicketChannel[];
  type: TicketType[];
  tags: string[];
  subject_words: string[];
  company_ids: string[];
  tiers: string[];
  /** Kept as typed text so "1,000" or "" can be told apart from 0 before sending. */
  min_lifetime_value: string;
}

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** The API returns conditions as a free object; read only the keys it accepts. */
export function ruleValues(rule: TicketRule | null): RuleValues {
  const c = (rule?.conditions ?? {}) as TicketRuleConditions;
  const min = c.min_lifetime_value;
  return {
    name: rule?.name ?? "",
    queue_id: rule?.queue_id ?? null,
    enabled: rule?.enabled ?? true,
    set_priority: rule?.set_priority ?? null,
    channel: list(c.channel),
    type: list(c.type),
    tags: list(c.tags),
    subject_words: list(c.subject_words),
    company_ids: list(c.company_ids),
    tiers: list(c.tiers),
    min_lifetime_value: min === null || min === undefined ? "" : String(min),
  };
}

/** Messages keyed by field, for what the browser can tell before asking the server. */
export function validateRule(v: RuleValues, t: TFunction): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!v.name.trim()) errors.name = t("tickets:setup.required");
  if (!v.queue_id) errors.queue_id = t("tickets:setup.required");
  const min = v.min_lifetime_value.trim();
  if (min && !/^\d+(\.\d{1,2})?$/.test(min))
    errors.min_lifetime_value = t("tickets:setup.rules.badAmount");
  return errors;
}

const trimmed = (words: string[]) => words.map((w) => w.trim()).filter(Boolean);

/** Only the conditions that are set: an empty list would never match, so it is left out. */
export function ruleConditions(v: RuleValues): TicketRuleConditions {
  const c: TicketRuleConditions = {};
  if (v.channel.length) c.channel = v.channel;
  if (v.type.length) c.type = v.type;
  const tags = trimmed(v.tags);
  if (tags.length) c.tags = tags;
  const words = trimmed(v.subject_words);
  if (words.length) c.subject_words = words;
  if (v.company_ids.length) c.company_ids = v.company_ids;
  if (v.tiers.length) c.tiers = v.tiers;
  if (v.min_lifetime_value.trim()) c.min_lifetime_value = v.min_lifetime_value.trim();
  return c;
}

/** The create body; an update sends the same fields (position is changed only by moving). */
export function ruleBody(v: RuleValues, position: number): TicketRuleCreate {
  return {
    name: v.name.trim(),
    queue_id: v.queue_id ?? "",
    position,
    enabled: v.enabled,
    set_priority: v.set_priority,
    conditions: ruleConditions(v),
  };
}

/** "Subject has refund or return · Tier gold → Billing (priority High)". */
export function ruleSummary(
  rule: Pick<TicketRule, "conditions" | "queue_id" | "set_priority">,
  t: TFunction,
  queueName: (id: string) => string | undefined,
): string {
  const c = rule.conditions as TicketRuleConditions;
  const or = ` ${t("tickets:setup.rules.or")} `;
  const parts: string[] = [];
  const add = (key: string, values: string[]) => {
    if (values.length) parts.push(t(`tickets:setup.rules.when.${key}`, { list: values.join(or) }));
  };
  add(
    "channel",
    list<string>(c.channel).map((x) => t(`tickets:channel.${x}`)),
  );
  add(
    "type",
    list<string>(c.type).map((x) => t(`tickets:type.${x}`)),
  );
  add("tags", list<string>(c.tags));
  add(
    "subject_words",
    list<string>(c.subject_words).map((w) => `“${w}”`),
  );
  const companies = list<string>(c.company_ids).length;
  if (companies) parts.push(t("tickets:setup.rules.when.companies", { count: companies }));
  add("tiers", list<string>(c.tiers));
  if (c.min_lifetime_value !== null && c.min_lifetime_value !== undefined)
    parts.push(
      t("tickets:setup.rules.when.min_lifetime_value", { amount: String(c.min_lifetime_value) }),
    );
  const when = parts.length ? parts.join(" · ") : t("tickets:setup.rules.when.always");
  const queue = queueName(rule.queue_id) ?? "?";
  const then = rule.set_priority
    ? t("tickets:setup.rules.thenPriority", {
        queue,
        priority: t(`tickets:priority.${rule.set_priority}`),
      })
    : queue;
  return `${when} → ${then}`;
}

/** New positions after moving one rule a step; only the rules whose position changes. */
export function reorder(
  rules: Pick<TicketRule, "id" | "position">[],
  id: string,
  step: -1 | 1,
): { id: string; position: number }[] {
  const order = rules.map((r) => r.id);
  const at = order.indexOf(id);
  const to = at + step;
  if (at < 0 || to < 0 || to >= order.length) return [];
  [order[at], order[to]] = [order[to] as string, order[at] as string];
  // Renumber in tens: rules created with the default position 0 share it and cannot be swapped.
  return order
    .map((rid, i) => ({ id: rid, position: (i + 1) * 10 }))
    .filter((p) => rules.find((r) => r.id === p.id)?.position !== p.position);
}

/** Where a new rule goes: after every other one. */
export function nextPosition(rules: Pick<TicketRule, "position">[]): number {
  const last = Math.max(0, ...rules.map((r) => r.position));
  return Math.min(10_000, last + 10);
}

/**
 * The form field a server problem belongs to: conditions are flat in the form, so
 * "conditions.tiers.0" is shown by "tiers" (the shared fieldMessages stops at "conditions").
 */
export function ruleFieldKey(field: string): string {
  const path = field.replace(/^body\./, "").split(".");
  if (path[0] === "conditions" && path[1]) return path[1];
  return path[0] ?? field;
}
