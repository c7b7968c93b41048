import { Badge, Code, Group, Modal, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../../i18n/format";
import { useDelivery } from "../../hooks/useWebhooks";
import { QueryStates } from "../shared/QueryStates";

/** A delivery's body and every attempt: headers aside, what came back and why it failed. */
export function DeliveryDetails(props: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation("webhooks");
  const fmt = useFormat();
  const detail = useDelivery(props.id);
  return (
    <Modal
      opened={Boolean(props.id)}
      onClose={props.onClose}
      title={t("details.title")}
      closeButtonProps={{ "aria-label": t("close") }}
      size="xl"
    >
      <QueryStates query={detail} skeletonHeight={160}>
        {(delivery) => (
          <Stack>
            <Text size="sm">
              {t("details.webhookId")}: <Code>{delivery.id}</Code>
            </Text>
            <Title order={3} size="h5">
              {t("details.payload")}
            </Title>
            <Code
              block
              style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", maxHeight: 240 }}
            >
              {JSON.stringify(delivery.payload, null, 2)}
            </Code>
            <Title order={3} size="h5">
              {t("details.attempts")}
            </Title>
            {delivery.attempt_log.length === 0 ? (
              <Text c="dimmed">{t("details.noAttempts")}</Text>
            ) : (
              <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
                {delivery.attempt_log.map((a) => (
                  <Paper
                    component="li"
                    withBorder
                    radius="sm"
                    p="sm"
                    key={a.id}
                    data-testid="attempt"
                  >
                    <Group gap="xs">
                      <Text fw={600}>{t("details.attempt", { number: a.number })}</Text>
                      <Badge variant="light" color={a.succeeded ? "teal" : "red"}>
                        {a.response_status ?? t("details.noResponse")}
                      </Badge>
                      <Text size="sm" c="dimmed">
                        {t(`trigger.${a.trigger}`, { defaultValue: a.trigger })} ·{" "}
                        {fmt.dateTime(a.started_at)} ·{" "}
                        {t("details.duration", { ms: a.duration_ms })}
                      </Text>
                    </Group>
                    {a.error && (
                      <Text size="sm" c="red.9" style={{ overflowWrap: "anywhere" }}>
                        {a.error}
                      </Text>
                    )}
                    {a.response_body && (
                      <Code
                        block
                        mt="xs"
                        style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", maxHeight: 160 }}
                      >
                        {a.response_body}
                      </Code>
                    )}
                  </Paper>
                ))}
              </Stack>
            )}
          </Stack>
        )}
      </QueryStates>
    </Modal>
  );
}
