/**
 * Workflow rules as the builder edits them. The API stores a trigger and actions as loose JSON
 * (one flat shape per action, with the fields its type uses); these types name those fields.
 */
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
  "call_webhook",
  "notify_user",
  "wait",
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export interface Trigger {
  type: TriggerType;
  field?: string | null;
  to_value?: unknown;
  stage_id?: string | null;
  event_name?: string | null;
  date_field?: string | null;
  offset_days?: number | null;
  cron?: string | null;
}

export interface Territory {
  country?: string | null;
  region?: string | null;
  postal_prefix?: string | null;
  user_id: string;
}

export interface Action {
  type: ActionType;
  strategy?: "round_robin" | "territory" | "least_loaded" | null;
  team_id?: string | null;
  territories?: Territory[] | null;
  title?: string | null;
  due_in_days?: number | null;
  remind_before_minutes?: number | null;
  assignee?: string | null;
  priority?: "low" | "normal" | "high" | "urgent" | null;
  to?: string | null;
  subject?: string | null;
  body?: string | null;
  field?: string | null;
  value?: unknown;
  tag?: string | null;
  name?: string | null;
  pipeline_id?: string | null;
  amount?: string | null;
  currency?: string | null;
  url?: string | null;
  user?: string | null;
  days?: number | null;
  hours?: number | null;
  minutes?: number | null;
}

/** What the builder sends (POST, or PATCH with the fields that changed). */
export interface WorkflowInput {
  name: string;
  description?: string | null;
  object_type: ObjectType;
  active: boolean;
  trigger: Trigger;
  condition: FilterNode | null;
  actions: Action[];
}

export interface Workflow extends WorkflowInput {
  id: string;
  description: string | null;
  created_by_id: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface TestResult {
  matched: boolean;
  /** null when the trigger is an event (created, updated) a dry run cannot see. */
  trigger_matched: boolean | null;
  condition_matched: boolean;
  actions: { type: string; summary: string }[];
}

export type RunStatus = "running" | "waiting" | "done" | "failed" | "loop_stopped";

export interface RunStep {
  index: number;
  type: string;
  status: "done" | "failed" | "skipped" | "waiting";
  detail: string;
  at: string;
}

export interface Run {
  id: string;
  workflow_id: string;
  object_type: string;
  object_id: string | null;
  event_type: string;
  status: RunStatus;
  depth: number;
  steps: RunStep[];
  started_at: string;
  finished_at: string | null;
}

export interface RunPage {
  items: Run[];
  next_before: string | null;
}
