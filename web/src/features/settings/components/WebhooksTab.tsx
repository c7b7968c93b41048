import { useTranslation } from "react-i18next";
import { useWebhooks, type Webhook, type WebhookWithSecret } from "../hooks/useWebhooks";
import { SecretIssuingTab } from "./shared/SecretIssuingTab";
import { NewWebhookForm } from "./webhooks/NewWebhookForm";
import { SecretDialog } from "./webhooks/SecretDialog";
import { WebhookRow } from "./webhooks/WebhookRow";

/** Settings → Webhooks: endpoints told about changes, signed, with their delivery log (admins). */
export function WebhooksTab() {
  const { t } = useTranslation("webhooks");
  const webhooks = useWebhooks();
  return (
    <SecretIssuingTab<Webhook, WebhookWithSecret>
      intro={t("intro")}
      query={webhooks}
      listLabel={t("list.label")}
      empty={t("list.empty")}
      form={(onIssued) => <NewWebhookForm onIssued={onIssued} />}
      row={(webhook, onIssued) => <WebhookRow webhook={webhook} onIssued={onIssued} />}
      dialog={(issued, onClose) => <SecretDialog issued={issued} onClose={onClose} />}
    />
  );
}
