import { Alert, Badge, Button, Group, Stack, Text } from "@mantine/core";
import { IconHistory } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../../i18n/format";
import {
  useDeleteWebhook,
  useRotateWebhookSecret,
  useUpdateWebhook,
  type Webhook,
  type WebhookWithSecret,
} from "../../hooks/useWebhooks";
import { RotateButton } from "../ConfirmAction";
import { ConfirmDelete } from "../ConfirmDelete";
import { ActiveSwitch } from "../shared/ActiveSwitch";
import { EditDialogButton } from "../shared/EditDialogButton";
import { DeliveriesTable } from "./DeliveriesTable";
import { EditWebhookForm } from "./EditWebhookForm";
import { SendTestButton } from "./SendTestButton";
import { useConflictView } from "./webhookForm";

/** One webhook: its endpoint and events, on/off, edit, test, rotate, its log, and delete. */
export function WebhookRow(props: {
  webhook: Webhook;
  onIssued: (webhook: WebhookWithSecret) => void;
}) {
  const { t } = useTranslation("webhooks");
  const fmt = useFormat();
  const { webhook } = props;
  const update = useUpdateWebhook();
  const rotate = useRotateWebhookSecret();
  const remove = useDeleteWebhook();
  const conflictView = useConflictView();
  const [showLog, setShowLog] = useState(false);

  return (
    <Stack
      component="li"
      gap="sm"
      p="md"
      style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
      data-testid="webhook-row"
    >
      <Group justify="space-between" align="center" gap="sm">
        <Stack gap={4} style={{ minWidth: 0, flex: "1 1 260px" }}>
          <Group gap="xs">
            <Text fw={600} style={{ overflowWrap: "anywhere" }}>
              {webhook.url}
            </Text>
            {!webhook.is_active && (
              <Badge variant="light" color="gray">
                {t("list.off")}
              </Badge>
            )}
            {webhook.is_active && webhook.failing_since && (
              <Badge variant="light" color="yellow">
                {t("list.failingSince", { when: fmt.dateTime(webhook.failing_since) })}
              </Badge>
            )}
          </Group>
          {webhook.description && (
            <Text size="sm" c="dimmed">
              {webhook.description}
            </Text>
          )}
          <Group gap={4}>
            {webhook.event_types.map((e) => (
              <Badge key={e} variant="outline" tt="none">
                {e === "*" ? t("form.allEvents") : e}
              </Badge>
            ))}
          </Group>
        </Stack>
        <Group gap="sm" wrap="wrap">
          <ActiveSwitch
            record={webhook}
            update={update}
            label={t("list.active")}
            ariaLabel={t("list.activeOf", { url: webhook.url })}
            savedMessage={(saved) => t(saved.is_active ? "list.switchedOn" : "list.switchedOff")}
            conflictView={conflictView}
          />
          <Group gap="xs" wrap="wrap">
            <EditDialogButton
              label={t("list.editOf", { url: webhook.url })}
              text={t("list.edit")}
              title={t("form.editTitle")}
              closeLabel={t("close")}
              size="lg"
            >
              {(close) => <EditWebhookForm webhook={webhook} onDone={close} />}
            </EditDialogButton>
            <SendTestButton webhook={webhook} onSent={() => setShowLog(true)} />
            <RotateButton
              label={t("list.rotateOf", { url: webhook.url })}
              text={t("list.rotate")}
              title={t("rotate.title")}
              body={t("rotate.body")}
              confirmLabel={t("rotate.confirm")}
              rotate={() => rotate.mutateAsync(webhook.id)}
              onRotated={props.onIssued}
            />
            <Button
              size="xs"
              h={36}
              variant={showLog ? "light" : "default"}
              leftSection={<IconHistory size={16} aria-hidden />}
              aria-expanded={showLog}
              aria-label={t("list.deliveriesOf", { url: webhook.url })}
              onClick={() => setShowLog((v) => !v)}
            >
              {t("list.deliveries")}
            </Button>
            <ConfirmDelete
              label={t("list.deleteOf", { url: webhook.url })}
              title={t("delete.title")}
              body={t("delete.body", { url: webhook.url })}
              onConfirm={() => remove.mutateAsync(webhook.id)}
            />
          </Group>
        </Group>
      </Group>
      {!webhook.is_active && webhook.disabled_reason && (
        <Alert color="red" c="dark" title={t("list.disabledTitle")}>
          {webhook.disabled_reason} {t("list.disabledHint")}
        </Alert>
      )}
      {showLog && <DeliveriesTable webhook={webhook} />}
    </Stack>
  );
}
