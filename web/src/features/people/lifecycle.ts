import type { LifecycleStage } from "../../api/types";

export const LIFECYCLE_STAGES: LifecycleStage[] = [
  "subscriber",
  "lead",
  "marketing-qualified",
  "sales-qualified",
  "opportunity",
  "customer",
  "evangelist",
  "other",
];

export const STAGE_COLOR: Record<LifecycleStage, string> = {
  subscriber: "gray",
  lead: "blue",
  "marketing-qualified": "cyan",
  "sales-qualified": "teal",
  opportunity: "orange",
  customer: "green",
  evangelist: "grape",
  other: "gray",
};
