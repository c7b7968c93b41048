import { Badge, Button, Code, Group, Table, Text, VisuallyHidden } from "@mantine/core";
import { IconArrowBackUp } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../../i18n/format";
import { useNotify } from "../../../../ui/errors";
import {
  useDeliveries,
  useReplayDelivery,
  type Webhook,
  type WebhookDelivery,
} from "../../hooks/useWebhooks";
import { QueryStates } from "../shared/QueryStates";
import { DeliveryDetails } from "./DeliveryDetails";

const STATUS_COLORS: Record<string, string> = {
  pending: "gray",
  retrying: "yellow",
  succeeded: "teal",
  failed: "red",
  skipped: "gray",
};

/** The latest deliveries: when, what, how it went, and Replay. */
export function DeliveriesTable(props: { webhook: Webhook }) {
  const { t } = useTranslation("webhooks");
  const fmt = useFormat();
  const notify = useNotify();
  const deliveries = useDeliveries(props.webhook.id, true);
  const replay = useReplayDelivery(props.webhook.id);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <QueryStates query={deliveries} skeletonHeight={80} empty={t("deliveries.empty")}>
      {(rows) => (
        <Table.ScrollContainer minWidth={560}>
          <Table
            verticalSpacing="xs"
            aria-label={t("deliveries.label", { url: props.webhook.url })}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("deliveries.when")}</Table.Th>
                <Table.Th>{t("deliveries.event")}</Table.Th>
                <Table.Th>{t("deliveries.status")}</Table.Th>
                <Table.Th>{t("deliveries.response")}</Table.Th>
                <Table.Th>{t("deliveries.attempts")}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t("deliveries.actions")}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((d: WebhookDelivery) => (
                <Table.Tr key={d.id} data-testid="delivery-row">
                  <Table.Td style={{ whiteSpace: "nowrap" }}>{fmt.dateTime(d.created_at)}</Table.Td>
                  <Table.Td>
                    <Code>{d.event_type}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={STATUS_COLORS[d.status] ?? "gray"}>
                      {t(`status.${d.status}`, { defaultValue: d.status })}
                    </Badge>
                    {d.last_error && d.status !== "succeeded" && (
                      <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                        {d.last_error}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{d.last_status_code ?? "—"}</Table.Td>
                  <Table.Td>{fmt.number(d.attempts)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap" justify="flex-end">
                      <Button
                        size="xs"
                        h={32}
                        variant="subtle"
                        aria-label={t("deliveries.detailsOf", { event: d.event_type })}
                        onClick={() => setOpen(d.id)}
                      >
                        {t("deliveries.details")}
                      </Button>
                      <Button
                        size="xs"
                        h={32}
                        variant="default"
                        leftSection={<IconArrowBackUp size={16} aria-hidden />}
                        aria-label={t("deliveries.replayOf", { event: d.event_type })}
                        loading={replay.isPending && replay.variables === d.id}
                        onClick={() =>
                          replay.mutate(d.id, {
                            onSuccess: () => notify.success(t("deliveries.replayed")),
                            onError: notify.error,
                          })
                        }
                      >
                        {t("deliveries.replay")}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <DeliveryDetails id={open} onClose={() => setOpen(null)} />
        </Table.ScrollContainer>
      )}
    </QueryStates>
  );
}
