import { Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { SecretOnce } from "../../../../ui/SecretOnce";
import type { WebhookWithSecret } from "../../hooks/useWebhooks";
import { IssuedSecretDialog } from "../shared/IssuedSecretDialog";

/** The signing secret, shown once after it is issued. */
export function SecretDialog(props: { issued: WebhookWithSecret | null; onClose: () => void }) {
  const { t } = useTranslation("webhooks");
  return (
    <IssuedSecretDialog
      issued={props.issued}
      onClose={props.onClose}
      title={t("secret.title")}
      closeLabel={t("close")}
      doneLabel={t("secret.done")}
    >
      {(webhook) => (
        <>
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
            {webhook.url}
          </Text>
          <SecretOnce
            warning={t("secret.onlyOnce")}
            label={t("secret.label")}
            value={webhook.secret}
            copyLabel={t("secret.copy")}
            copiedLabel={t("secret.copied")}
            testId="new-webhook-secret"
          />
          <Text size="sm">{t("secret.howToVerify")}</Text>
        </>
      )}
    </IssuedSecretDialog>
  );
}
