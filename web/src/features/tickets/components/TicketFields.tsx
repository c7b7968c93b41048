import { Anchor, Select, SimpleGrid, TagsInput, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Ticket, TicketUpdate } from "../../../api/types";
import { useDealsWhere } from "../../deals/hooks/useDeals";
import { useUserOptions } from "../../users/hooks/useUsers";
import { useQueues } from "../hooks/useDeskSetup";
import { PRIORITIES, STATUSES, TYPES } from "../options";

/** Status, priority, type, queue, assignee, tags and the linked deal: each saved on change. */
export function TicketFields(props: {
  ticket: Ticket;
  save: (changes: TicketUpdate) => Promise<boolean>;
  errors: Record<string, string>;
  readOnly?: boolean;
}) {
  const { t } = useTranslation("tickets");
  const { ticket: r, save, errors } = props;
  const agents = useUserOptions();
  const queues = useQueues();
  const deals = useDealsWhere(
    { field: "person_id", op: "eq", value: r.requester_id },
    { enabled: Boolean(r.requester_id), limit: 20 },
  );
  const opt = (prefix: string, values: readonly string[]) =>
    values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
  const common = { disabled: props.readOnly, allowDeselect: false, size: "sm" } as const;
  const dealOptions = deals.items.map((d) => ({ value: d.id, label: d.name }));
  if (r.deal_id && !dealOptions.some((d) => d.value === r.deal_id))
    dealOptions.push({ value: r.deal_id, label: t("fields.linkedDeal") });

  return (
    <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
      <Select
        label={t("field.status")}
        data={opt("status", STATUSES)}
        value={r.status}
        onChange={(v) => v && v !== r.status && void save({ status: v as Ticket["status"] })}
        error={errors.status}
        {...common}
      />
      <Select
        label={t("field.priority")}
        data={opt("priority", PRIORITIES)}
        value={r.priority}
        onChange={(v) => v && v !== r.priority && void save({ priority: v as Ticket["priority"] })}
        error={errors.priority}
        {...common}
      />
      <Select
        label={t("field.type")}
        data={opt("type", TYPES)}
        value={r.type}
        onChange={(v) => v && v !== r.type && void save({ type: v as Ticket["type"] })}
        error={errors.type}
        {...common}
      />
      <Select
        label={t("field.queue")}
        data={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
        value={r.queue_id}
        onChange={(v) => v && v !== r.queue_id && void save({ queue_id: v })}
        error={errors.queue_id}
        {...common}
      />
      <Select
        label={t("field.assignee")}
        data={agents}
        value={r.assignee_id}
        placeholder={t("unassigned")}
        onChange={(v) => v && v !== r.assignee_id && void save({ assignee_id: v })}
        error={errors.assignee_id}
        searchable
        {...common}
      />
      <Select
        label={t("field.deal")}
        data={dealOptions}
        value={r.deal_id}
        placeholder={r.requester_id ? t("fields.noDeal") : t("fields.noRequester")}
        onChange={(v) => v !== r.deal_id && void save({ deal_id: v })}
        error={errors.deal_id}
        disabled={props.readOnly || !r.requester_id}
        clearable
        size="sm"
        description={
          r.deal_id ? (
            <Anchor component={Link} to={`/deals/${r.deal_id}`} size="xs">
              {t("fields.openDeal")}
            </Anchor>
          ) : undefined
        }
      />
      <TagsInput
        label={t("field.tags")}
        value={r.tags}
        onChange={(tags) => void save({ tags })}
        error={errors.tags}
        disabled={props.readOnly}
        clearable
        size="sm"
        style={{ gridColumn: "1 / -1" }}
      />
      {props.readOnly && (
        <Text size="xs" c="dimmed" style={{ gridColumn: "1 / -1" }}>
          {t("fields.readOnly")}
        </Text>
      )}
    </SimpleGrid>
  );
}
