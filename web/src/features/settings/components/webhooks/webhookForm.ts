import type { UseFormReturnType } from "@mantine/form";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { Conflict } from "../../../../ui/record/ConflictDialog";
import type { Webhook } from "../../hooks/useWebhooks";
import type { ConflictView } from "../shared/SaverConflictDialog";

/** What the create and edit forms hold. */
export interface WebhookValues {
  url: string;
  description: string;
  event_types: string[];
}

/**
 * The trimmed URL when the values may be sent; otherwise null, with the message on the field
 * (a URL and at least one event are required).
 */
export function checkedUrl(
  t: TFunction,
  form: UseFormReturnType<WebhookValues>,
  values: WebhookValues,
): string | null {
  const url = values.url.trim();
  if (!url) {
    form.setFieldError("url", t("form.urlRequired"));
    return null;
  }
  if (values.event_types.length === 0) {
    form.setFieldError("event_types", t("form.eventsRequired"));
    return null;
  }
  return url;
}

/** A conflict as the dialog shows it. */
export function useConflictView(): ConflictView<Webhook> {
  const { t } = useTranslation("webhooks");
  const label = (field: string) =>
    ({
      url: t("form.url"),
      description: t("form.description"),
      event_types: t("form.events"),
      is_active: t("list.active"),
    })[field] ?? field;
  const view = (c: Conflict<Webhook> | null) => c;
  return { label, view };
}
