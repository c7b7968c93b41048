import { Select } from "@mantine/core";
import {
  IconArrowsExchange,
  IconFlag,
  IconProgressCheck,
  IconUserShare,
} from "@tabler/icons-react";
import type { TFunction } from "i18next";
import type { Ticket, TicketUpdate } from "../../../api/types";
import type { BulkResult } from "../../../lib/bulk";
import type { BulkAction } from "../../../ui/list/BulkBar";
import { PRIORITIES, STATUSES } from "../options";

type Option = { value: string; label: string };

function pick(
  key: string,
  label: string,
  icon: React.ReactNode,
  options: Option[],
  field: keyof TicketUpdate,
  t: TFunction,
  run: (changes: TicketUpdate) => Promise<BulkResult>,
): BulkAction {
  return {
    key,
    label,
    icon,
    title: (what) => t("tickets:bulk.title", { action: label, what }),
    input: (value, set) => (
      <Select
        label={label}
        data={options}
        value={value || null}
        onChange={(v) => set(v ?? "")}
        searchable
        data-autofocus
      />
    ),
    confirm: (what, value) => {
      const chosen = options.find((o) => o.value === value);
      return chosen ? t("tickets:bulk.confirm", { what, field: label, value: chosen.label }) : null;
    },
    run: (value) => run({ [field]: value } as TicketUpdate),
  };
}

/** Assign, change status, priority or queue of the selected tickets (one bulk PATCH). */
export function ticketBulkActions(
  t: TFunction,
  rows: Ticket[],
  options: { agents: Option[]; queues: Option[] },
  patch: (rows: Ticket[], changes: TicketUpdate) => Promise<BulkResult>,
): BulkAction[] {
  const run = (changes: TicketUpdate) => patch(rows, changes);
  return [
    pick(
      "assign",
      t("tickets:field.assignee"),
      <IconUserShare size={16} aria-hidden />,
      options.agents,
      "assignee_id",
      t,
      run,
    ),
    pick(
      "status",
      t("tickets:field.status"),
      <IconProgressCheck size={16} aria-hidden />,
      STATUSES.map((s) => ({ value: s, label: t(`tickets:status.${s}`) })),
      "status",
      t,
      run,
    ),
    pick(
      "priority",
      t("tickets:field.priority"),
      <IconFlag size={16} aria-hidden />,
      PRIORITIES.map((p) => ({ value: p, label: t(`tickets:priority.${p}`) })),
      "priority",
      t,
      run,
    ),
    pick(
      "queue",
      t("tickets:field.queue"),
      <IconArrowsExchange size={16} aria-hidden />,
      options.queues,
      "queue_id",
      t,
      run,
    ),
  ];
}
