import type { TFunction } from "i18next";
import type { Action, Trigger } from "./types";

/** "When a record is created", "When stage changes to Won"… for the list of rules. */
export function describeTrigger(t: TFunction, trigger: Trigger, fieldLabel: (f: string) => string) {
  switch (trigger.type) {
    case "field_changed":
      return trigger.to_value !== undefined && trigger.to_value !== null && trigger.to_value !== ""
        ? t("automation:trigger.sum.field_changed_to", {
            field: fieldLabel(trigger.field ?? ""),
            value: String(trigger.to_value),
          })
        : t("automation:trigger.sum.field_changed", { field: fieldLabel(trigger.field ?? "") });
    case "date_reached": {
      const days = trigger.offset_days ?? 0;
      const field = fieldLabel(trigger.date_field ?? "");
      if (days === 0) return t("automation:trigger.sum.date_on", { field });
      return days < 0
        ? t("automation:trigger.sum.date_before", { field, count: -days })
        : t("automation:trigger.sum.date_after", { field, count: days });
    }
    case "event_received":
      return t("automation:trigger.sum.event_received", { event: trigger.event_name ?? "" });
    case "schedule":
      return t("automation:trigger.sum.schedule", { cron: trigger.cron ?? "" });
    default:
      return t(`automation:trigger.sum.${trigger.type}`);
  }
}

/** "Wait 2 d 3 h" */
export function describeWait(t: TFunction, action: Action) {
  const parts: string[] = [];
  if (action.days) parts.push(t("automation:wait.days", { count: action.days }));
  if (action.hours) parts.push(t("automation:wait.hours", { count: action.hours }));
  if (action.minutes) parts.push(t("automation:wait.minutes", { count: action.minutes }));
  return parts.length
    ? t("automation:wait.then", { time: parts.join(" ") })
    : t("automation:wait.unset");
}

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/** The API's summaries name users by id: show their names where we know them. */
export function withNames(text: string, name: (id: string) => string): string {
  return text.replace(UUID, (id) => name(id) || id);
}

const ISO = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})\b/g;

/** Timestamps in the API's summaries ("until 2026-12-07T08:03:22+00:00"), in local words. */
export function withDates(text: string, format: (iso: string) => string): string {
  return text.replace(ISO, (iso) => format(iso) || iso);
}
