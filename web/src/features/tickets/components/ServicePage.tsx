import { Anchor, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconChartBar, IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import type { Ticket } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import type { ListParams } from "../../../lib/useListParams";
import { RecordListView } from "../../../ui/list/RecordListView";
import type { Column, FilterFieldDef, SortOption } from "../../../ui/list/types";
import { useMe } from "../../auth/hooks/useMe";
import { useUserOptions } from "../../users/hooks/useUsers";
import { useQueues, useSlaPolicies } from "../hooks/useDeskSetup";
import {
  TICKETS_DEFAULT_SORT,
  type TicketView,
  ticketPages,
  useTicketList,
  useTicketsBulk,
  viewFromParam,
  viewParam,
} from "../hooks/useTickets";
import { CHANNELS, PRIORITIES, STATUSES, TYPES } from "../options";
import { NewTicketForm } from "./NewTicketForm";
import { SlaBadge } from "./SlaBadge";
import { PriorityBadge, StatusBadge } from "./TicketBadges";
import { ticketBulkActions } from "./ticketBulk";
import { ViewTabs } from "./ViewTabs";

/** The list of the view the URL names (`?view=mine|unassigned|queue:<id>|breached|all`). */
function useViewList(params: ListParams) {
  const [search] = useSearchParams();
  return useTicketList(viewFromParam(search.get("view")), params);
}

/** The agent's workspace: queue views with SLA countdowns, filters, bulk actions. */
export function ServicePage() {
  const { t } = useTranslation(["tickets", "records"]);
  const fmt = useFormat();
  const me = useMe();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const view = viewFromParam(search.get("view"));
  const agents = useUserOptions();
  const queues = useQueues();
  const policies = useSlaPolicies();
  const patch = useTicketsBulk();
  const [creating, createModal] = useDisclosure(false);
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const canWrite = me?.role !== "read-only" && me?.role !== "analyst";
  const queueOptions = (queues.data ?? []).map((q) => ({ value: q.id, label: q.name }));
  const warn = (p: Ticket["priority"]) =>
    policies.data?.find((x) => x.priority === p)?.warn_before_minutes;

  const setView = (next: TicketView) =>
    setSearch(
      (prev) => {
        const out = new URLSearchParams(prev);
        out.set("view", viewParam(next));
        out.delete("cursor");
        return out;
      },
      { replace: true },
    );
  const opt = (prefix: string, values: readonly string[]) =>
    values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));

  const columns: Column<Ticket>[] = [
    {
      key: "subject",
      header: t("field.subject"),
      render: (r) => (
        <Text size="sm" fw={500} span>
          <Text span c="dimmed" size="sm" className="tabular">
            {r.token}
          </Text>{" "}
          {r.subject}
        </Text>
      ),
      csv: (r) => `${r.token} ${r.subject}`,
      phone: "title",
    },
    {
      key: "requester",
      header: t("field.requester"),
      render: (r) => r.requester_name ?? r.requester_email,
      csv: (r) => r.requester_email,
      phone: "subtitle",
    },
    {
      key: "status",
      header: t("field.status"),
      nowrap: true,
      render: (r) => <StatusBadge status={r.status} />,
      csv: (r) => r.status,
    },
    {
      key: "priority",
      header: t("field.priority"),
      nowrap: true,
      render: (r) => <PriorityBadge priority={r.priority} />,
      csv: (r) => r.priority,
    },
    {
      key: "queue",
      header: t("field.queue"),
      render: (r) => r.queue_name,
      csv: (r) => r.queue_name,
    },
    {
      key: "assignee",
      header: t("field.assignee"),
      render: (r) =>
        r.assignee_name ?? (
          <Text size="sm" c="dimmed">
            {t("unassigned")}
          </Text>
        ),
      csv: (r) => r.assignee_name,
    },
    {
      key: "sla",
      header: t("field.sla"),
      nowrap: true,
      render: (r) => <SlaBadge ticket={r} warnMinutes={warn(r.priority)} compact={phone} />,
      csv: (r) => r.sla_due_at,
      phone: "meta",
    },
    {
      key: "updated",
      header: t("field.updated_at"),
      nowrap: true,
      render: (r) => (
        <Text size="sm" c="dimmed" title={fmt.dateTime(r.updated_at)}>
          {fmt.relative(r.updated_at)}
        </Text>
      ),
      csv: (r) => r.updated_at,
    },
  ];

  const filterFields: FilterFieldDef[] = [
    { field: "status", label: t("field.status"), type: "enum", options: opt("status", STATUSES) },
    {
      field: "priority",
      label: t("field.priority"),
      type: "enum",
      options: opt("priority", PRIORITIES),
    },
    { field: "type", label: t("field.type"), type: "enum", options: opt("type", TYPES) },
    {
      field: "channel",
      label: t("field.channel"),
      type: "enum",
      options: opt("channel", CHANNELS),
    },
    { field: "tags", label: t("field.tags"), type: "tags" },
    { field: "queue_id", label: t("field.queue"), type: "enum", options: queueOptions },
    { field: "assignee_id", label: t("field.assignee"), type: "user", options: agents },
    { field: "sla_due_at", label: t("field.sla_due_at"), type: "datetime" },
    { field: "created_at", label: t("field.created_at"), type: "datetime" },
  ];

  const sortOptions: SortOption[] = [
    { value: "sla_due_at", label: t("sort.slaDue") },
    { value: "-created_at", label: t("sort.newest") },
    { value: "created_at", label: t("sort.oldest") },
    { value: "-last_message_at", label: t("sort.lastMessage") },
    { value: "-updated_at", label: t("sort.updated") },
  ];

  return (
    <Stack gap="sm">
      <RecordListView<Ticket>
        key={viewParam(view)}
        title={t("title")}
        noun={(count) => t("noun", { count })}
        columns={columns}
        filterFields={filterFields}
        sortOptions={sortOptions}
        defaultSort={TICKETS_DEFAULT_SORT}
        useList={useViewList}
        pageFetcher={(params) => ticketPages(view, params)}
        exportName="tickets"
        getId={(r) => r.id}
        getLabel={(r) => `${r.token} ${r.subject}`}
        rowHref={(r) => `/service/tickets/${r.id}`}
        bulkActions={
          canWrite
            ? (rows) => ticketBulkActions(t, rows, { agents, queues: queueOptions }, patch)
            : undefined
        }
        searchPlaceholder={t("search")}
        emptyText={t("empty")}
        actions={
          <Group gap="xs" wrap="nowrap">
            <Button
              variant="default"
              component={Link}
              to="/service/dashboard"
              leftSection={<IconChartBar size={18} aria-hidden />}
              aria-label={phone ? t("dashboard.title") : undefined}
              px={phone ? "sm" : undefined}
            >
              {phone ? null : t("dashboard.title")}
            </Button>
            {canWrite && (
              <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={createModal.open}>
                {t("new")}
              </Button>
            )}
          </Group>
        }
        quickFilters={() => <ViewTabs view={view} onChange={setView} />}
      />
      {me?.role === "admin" && (
        <Text size="sm" c="dimmed">
          <Anchor component={Link} to="/settings/queues">
            {t("setup.link")}
          </Anchor>
        </Text>
      )}
      <Modal
        closeButtonProps={{ "aria-label": t("common:close") }}
        opened={creating}
        onClose={createModal.close}
        title={t("new")}
        fullScreen={phone}
        size="lg"
      >
        <NewTicketForm
          onCancel={createModal.close}
          onCreated={(ticket) => navigate(`/service/tickets/${ticket.id}`)}
        />
      </Modal>
    </Stack>
  );
}
