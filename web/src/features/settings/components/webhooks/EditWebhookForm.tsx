import { TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { useUpdateWebhook, type Webhook, type WebhookUpdate } from "../../hooks/useWebhooks";
import { useEditDialogSave } from "../shared/useEditDialogSave";
import { VersionedEditForm } from "../shared/VersionedEditForm";
import { EventTypesInput } from "./EventTypesInput";
import { checkedUrl, useConflictView, type WebhookValues } from "./webhookForm";

const valuesOf = (w: Webhook): WebhookValues => ({
  url: w.url,
  description: w.description,
  event_types: w.event_types,
});

/** Change the endpoint, description or events: only what changed, with the version read. */
export function EditWebhookForm(props: { webhook: Webhook; onDone: () => void }) {
  const { t } = useTranslation("webhooks");
  const update = useUpdateWebhook();
  const { webhook, onDone } = props;
  const form = useForm<WebhookValues>({ initialValues: valuesOf(webhook) });
  const conflictView = useConflictView();
  const saver = useEditDialogSave<Webhook, WebhookUpdate>(webhook, update, {
    savedMessage: t("form.saved"),
    onDone,
    onDiscard: (current) => form.setValues(valuesOf(current)),
  });
  return (
    <VersionedEditForm
      onCancel={onDone}
      saveLabel={t("form.save")}
      saver={saver}
      conflictView={conflictView}
      onSubmit={form.onSubmit((v) => {
        const changes: WebhookUpdate = {};
        const url = checkedUrl(t, form, v);
        if (url === null) return;
        if (url !== webhook.url) changes.url = url;
        if (v.description.trim() !== webhook.description)
          changes.description = v.description.trim();
        if (v.event_types.join() !== webhook.event_types.join())
          changes.event_types = v.event_types;
        if (Object.keys(changes).length === 0) onDone();
        else void saver.saveChanges(changes);
      })}
    >
      <TextInput
        label={t("form.url")}
        required
        type="url"
        maxLength={2000}
        data-autofocus
        {...form.getInputProps("url")}
        error={form.errors.url ?? saver.errors.url}
      />
      <TextInput
        label={t("form.description")}
        maxLength={500}
        {...form.getInputProps("description")}
        error={form.errors.description ?? saver.errors.description}
      />
      <EventTypesInput
        value={form.values.event_types}
        onChange={(value) => form.setFieldValue("event_types", value)}
        error={(form.errors.event_types as string | undefined) ?? saver.errors.event_types}
      />
    </VersionedEditForm>
  );
}
