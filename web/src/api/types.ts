/** Short names for the generated schema's shapes. */
import type { components } from "./schema";

type S = components["schemas"];

export type Person = S["PersonOut"];
export type PersonCreate = S["PersonCreate"];
export type PersonUpdate = S["PersonUpdate"];
export type Company = S["CompanyOut"];
export type CompanyCreate = S["CompanyCreate"];
export type CompanyUpdate = S["CompanyUpdate"];
export type Deal = S["DealOut"];
export type DealCreate = S["DealCreate"];
export type DealUpdate = S["DealUpdate"];
export type DealStatus = S["DealStatus"];
export type Pipeline = S["PipelineOut"];
export type PipelineCreate = S["PipelineCreate"];
export type PipelineUpdate = S["PipelineUpdate"];
export type StageIn = S["StageIn"];
export type Stage = S["StageOut"];
export type PipelineSummary = S["PipelineSummary"];
export type StageSummary = S["StageSummary"];
export type StageChange = S["StageChangeOut"];
export type Activity = S["ActivityOut"];
export type ActivityCreate = S["ActivityCreate"];
export type ActivityKind = S["ActivityKind"];
export type Task = S["TaskOut"];
export type TaskCreate = S["TaskCreate"];
export type TaskUpdate = S["TaskUpdate"];
export type TaskView = S["TaskView"];
export type Priority = S["Priority"];
export type User = S["UserOut"];
export type UserCreate = S["UserCreate"];
export type UserUpdate = S["UserUpdate"];
export type Role = S["Role"];
export type Team = S["TeamOut"];
export type TeamCreate = S["TeamCreate"];
export type TeamUpdate = S["TeamUpdate"];
export type PasswordResetOut = S["PasswordResetOut"];
export type Token = S["TokenOut"];
export type TokenCreated = S["TokenCreated"];
export type TokenCreate = S["TokenCreate"];
export type CustomField = S["CustomFieldOut"];
export type CustomFieldCreate = S["CustomFieldCreate"];
export type CustomFieldUpdate = S["CustomFieldUpdate"];
export type AuditEntry = S["AuditEntryOut"];
export type Session = S["SessionOut"];
export type LifecycleStage = S["LifecycleStage"];
export type CompanySize = S["CompanySize"];
export type Locale = "en" | "bn" | "hi";

export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
  limit: number;
}
export type HistoryEntry = S["HistoryEntryOut"];
export type Notification = S["NotificationOut"];
export type NotificationPage = S["NotificationPage"];
export type Job = S["JobOut"];
export type JobPage = S["JobPage"];
export type JobSummary = S["JobSummary"];
