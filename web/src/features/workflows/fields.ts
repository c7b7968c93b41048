import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { FieldType } from "../../lib/filter";
import type { FilterFieldDef } from "../../ui/list/types";
import { usePipelines } from "../deals/hooks/useDeals";
import { useUserOptions } from "../users/hooks/useUsers";
import type { ObjectType, TriggerType } from "./types";

interface FieldSpec {
  field: string;
  type: FieldType;
  /** Options from a fixed list (labels are the values, or translated under `values.`). */
  options?: readonly string[];
  /** A rule's update_field may set it. */
  settable?: boolean;
  /** Conditions may test it (default: yes). */
  filter?: false;
}

const LIFECYCLE = [
  "subscriber",
  "lead",
  "marketing-qualified",
  "sales-qualified",
  "opportunity",
  "customer",
  "evangelist",
  "other",
] as const;
const SIZES = ["1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5000+"] as const;

/** The fields of each kind of record that a rule can look at (the same ones lists filter on). */
export const FIELDS: Record<ObjectType, FieldSpec[]> = {
  people: [
    { field: "lifecycle_stage", type: "enum", options: LIFECYCLE, settable: true },
    { field: "owner_id", type: "user", settable: true },
    { field: "city", type: "text", settable: true },
    { field: "region", type: "text", settable: true },
    { field: "postal_code", type: "text", settable: true, filter: false },
    { field: "country", type: "text", settable: true },
    { field: "tags", type: "tags" },
    { field: "lead_source", type: "text", settable: true },
    { field: "primary_email", type: "text" },
    { field: "created_at", type: "datetime" },
    { field: "updated_at", type: "datetime" },
  ],
  companies: [
    { field: "name", type: "text", settable: true },
    { field: "industry", type: "text", settable: true },
    { field: "city", type: "text", settable: true },
    { field: "country", type: "text", settable: true },
    { field: "size", type: "enum", options: SIZES, settable: true },
    { field: "owner_id", type: "user", settable: true },
    { field: "region", type: "text", settable: true },
    { field: "tags", type: "tags" },
  ],
  deals: [
    { field: "name", type: "text", settable: true },
    { field: "status", type: "enum", options: ["open", "won", "lost"], settable: true },
    { field: "stage_id", type: "enum", settable: true },
    { field: "owner_id", type: "user", settable: true },
    { field: "amount", type: "number", settable: true },
    { field: "currency", type: "text", settable: true },
    { field: "expected_close_date", type: "date", settable: true },
    { field: "tags", type: "tags" },
    { field: "lost_reason", type: "text", settable: true },
    { field: "created_at", type: "datetime" },
  ],
  tasks: [
    { field: "title", type: "text", settable: true },
    {
      field: "priority",
      type: "enum",
      options: ["low", "normal", "high", "urgent"],
      settable: true,
    },
    { field: "assignee_id", type: "user", settable: true },
    { field: "due_at", type: "datetime", settable: true },
    { field: "done", type: "boolean", settable: true },
    { field: "created_at", type: "datetime" },
  ],
  activities: [
    {
      field: "kind",
      type: "enum",
      options: ["call", "meeting", "email", "note", "visit"],
      settable: true,
    },
    { field: "subject", type: "text", settable: true },
    { field: "outcome", type: "text", settable: true },
    { field: "owner_id", type: "user", settable: true },
    { field: "occurred_at", type: "datetime", settable: true },
    { field: "created_at", type: "datetime" },
  ],
  orders: [
    { field: "status", type: "text" },
    { field: "channel", type: "text" },
    { field: "store", type: "text" },
    { field: "currency", type: "text" },
    { field: "total", type: "number" },
    { field: "placed_at", type: "datetime" },
  ],
};

/** Which triggers fit which records (the API refuses the rest). */
export function triggersFor(objectType: ObjectType): TriggerType[] {
  const all: TriggerType[] = [
    "created",
    "updated",
    "field_changed",
    "stage_entered",
    "event_received",
    "date_reached",
    "schedule",
  ];
  return all.filter(
    (type) =>
      (type !== "stage_entered" || objectType === "deals") &&
      (type !== "event_received" || objectType === "people"),
  );
}

export interface StageOption {
  value: string;
  label: string;
  group: string;
}

/** The fields of one kind of record, labelled, with their options (users, stages) filled in. */
export function useObjectFields(objectType: ObjectType) {
  const { t } = useTranslation("automation");
  const owners = useUserOptions();
  const pipelines = usePipelines();
  return useMemo(() => {
    const stages: StageOption[] = (pipelines.data ?? []).flatMap((p) =>
      p.stages.map((s) => ({ value: s.id, label: s.name, group: p.name })),
    );
    const defs: (FilterFieldDef & { settable: boolean; filter: boolean })[] = FIELDS[
      objectType
    ].map((spec) => ({
      field: spec.field,
      label: t(`fields.${spec.field}`, { defaultValue: spec.field }),
      type: spec.type,
      settable: Boolean(spec.settable),
      filter: spec.filter !== false,
      options:
        spec.type === "user"
          ? owners
          : spec.field === "stage_id"
            ? stages.map((s) => ({ value: s.value, label: `${s.group} · ${s.label}` }))
            : spec.options?.map((value) => ({
                value,
                label: t(`values.${value}`, { defaultValue: value }),
              })),
    }));
    return {
      all: defs.filter((d) => d.filter),
      any: defs,
      dates: [
        ...defs.filter((d) => d.type === "date" || d.type === "datetime"),
        // People: counted from their latest order (the API reads it from the orders).
        ...(objectType === "people"
          ? [{ field: "last_order_at", label: t("fields.last_order_at") }]
          : []),
      ],
      settable: defs.filter((d) => d.settable),
      stages,
    };
  }, [objectType, owners, pipelines.data, t]);
}
