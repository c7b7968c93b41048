/**
 * Workflow rules as the builder edits them: the generated API shapes, except that a stored
 * rule's trigger, condition and actions (loose JSON in the API's output) are read back as the
 * shapes the builder wrote.
 */
import type { components } from "../../api/schema";
import type { FilterNode } from "../../lib/filter";

export const OBJECT_TYPES = [
  "people",
  "companies",
  "deals",
  "tasks",
  "activities",
  "orders",
] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

export const TRIGGER_TYPES = [
  "created",
  "updated",
  "field_changed",
  "stage_entered",
  "event_received",
  "date_reached",
  "schedule",
] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

export const ACTION_TYPES = [
  "assign_owner",
  "create_task",
  "send_email",
  "send_sms",
  "update_field",
  "add_tag",
  "create_deal",
  "create_ticket",
  "call_webhook",
  "notify_user",
  "wait",
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** The generated schema's shapes; a stored rule's trigger and actions are loose JSON there. */
type S = components["schemas"];

export type Trigger = S["TriggerIn"];
export type Territory = S["Territory"];
export type Action = S["ActionIn"];

/** What the builder sends (POST, or PATCH with the fields that changed). */
export interface WorkflowInput extends Omit<S["WorkflowIn"], "condition" | "active"> {
  active: boolean;
  condition: FilterNode | null;
}

/** A stored rule, with its trigger and actions read as the shapes they were written in. */
export interface Workflow
  extends Omit<S["WorkflowOut"], "trigger" | "actions" | "condition" | "object_type"> {
  object_type: ObjectType;
  trigger: Trigger;
  condition: FilterNode | null;
  actions: Action[];
}

export type TestResult = S["TestOut"];
export type RunStatus = S["RunOut"]["status"];
export type RunStep = S["RunStep"];
export type Run = S["RunOut"];
export type RunPage = S["RunPage"];
