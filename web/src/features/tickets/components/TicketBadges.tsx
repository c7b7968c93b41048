import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { TicketPriority, TicketStatus } from "../../../api/types";

export const STATUS_COLOR: Record<TicketStatus, string> = {
  new: "blue",
  open: "brand",
  pending: "yellow",
  on_hold: "grape",
  solved: "teal",
  closed: "gray",
};

export const PRIORITY_COLOR: Record<TicketPriority, string> = {
  low: "gray",
  normal: "blue",
  high: "orange",
  urgent: "red",
};

export function StatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useTranslation("tickets");
  return (
    <Badge variant="light" color={STATUS_COLOR[status]}>
      {t(`status.${status}`)}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  const { t } = useTranslation("tickets");
  return (
    <Badge variant="outline" color={PRIORITY_COLOR[priority]}>
      {t(`priority.${priority}`)}
    </Badge>
  );
}
