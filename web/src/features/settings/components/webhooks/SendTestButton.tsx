import { Button } from "@mantine/core";
import { IconPlayerPlay } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useNotify } from "../../../../ui/errors";
import { useSendTestEvent, type Webhook } from "../../hooks/useWebhooks";

/** "Send test event" on a webhook's row; `onSent` once the test is queued (to show the log). */
export function SendTestButton(props: { webhook: Webhook; onSent: () => void }) {
  const { t } = useTranslation("webhooks");
  const notify = useNotify();
  const sendTest = useSendTestEvent();
  const { webhook, onSent } = props;
  return (
    <Button
      size="xs"
      h={36}
      variant="default"
      leftSection={<IconPlayerPlay size={16} aria-hidden />}
      aria-label={t("list.testOf", { url: webhook.url })}
      loading={sendTest.isPending}
      onClick={() =>
        sendTest.mutate(webhook.id, {
          onSuccess: () => {
            notify.success(t("list.testSent"));
            onSent();
          },
          onError: notify.error,
        })
      }
    >
      {t("list.test")}
    </Button>
  );
}
