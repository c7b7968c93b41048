import { Badge, Chip, Group, ScrollArea } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useMe } from "../../auth/hooks/useMe";
import { useQueues } from "../hooks/useDeskSetup";
import {
  type TicketView,
  useTicketCounts,
  useTicketDashboard,
  viewParam,
} from "../hooks/useTickets";

/** My tickets, Unassigned, each queue I belong to, Breached and (managers, admins) All. */
export function ViewTabs(props: { view: TicketView; onChange: (view: TicketView) => void }) {
  const { t } = useTranslation("tickets");
  const me = useMe();
  const counts = useTicketCounts();
  const dashboard = useTicketDashboard();
  const queues = useQueues();
  const managers = me?.role === "admin" || me?.role === "manager" || me?.role === "analyst";
  const mine = (queues.data ?? []).filter((q) => q.members.some((m) => m.user_id === me?.id));
  const queueOpen = (id: string) =>
    dashboard.data?.open_by_queue.find((q) => q.queue_id === id)?.open;

  const views: { view: TicketView; label: string; count?: number }[] = [
    { view: { kind: "mine" }, label: t("views.mine"), count: counts.data?.mine },
    { view: { kind: "unassigned" }, label: t("views.unassigned"), count: counts.data?.unassigned },
    ...mine.map((q) => ({
      view: { kind: "queue" as const, queueId: q.id },
      label: q.name,
      count: queueOpen(q.id),
    })),
    { view: { kind: "breached" }, label: t("views.breached"), count: counts.data?.breached },
    ...(managers ? [{ view: { kind: "all" as const }, label: t("views.all") }] : []),
  ];
  const active = viewParam(props.view);

  return (
    <ScrollArea type="never" offsetScrollbars={false}>
      <Group gap={6} wrap="nowrap" role="group" aria-label={t("views.label")} pb={2}>
        {views.map((v) => {
          const key = viewParam(v.view);
          return (
            <Chip
              key={key}
              checked={key === active}
              onChange={() => props.onChange(v.view)}
              variant="outline"
              size="md"
              data-view={key}
            >
              <Group gap={6} wrap="nowrap" component="span">
                {v.label}
                {v.count !== undefined && (
                  <Badge size="sm" variant="light" color="gray" component="span" aria-hidden>
                    {v.count}
                  </Badge>
                )}
              </Group>
            </Chip>
          );
        })}
      </Group>
    </ScrollArea>
  );
}
