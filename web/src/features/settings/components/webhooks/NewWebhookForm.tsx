import { Button, Group, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { formErrorHandler, useNotify } from "../../../../ui/errors";
import { useCreateWebhook, type WebhookWithSecret } from "../../hooks/useWebhooks";
import { NewItemSection } from "../shared/NewItemSection";
import { EventTypesInput } from "./EventTypesInput";
import { checkedUrl, type WebhookValues } from "./webhookForm";

/** "Add a webhook": the endpoint, a description and the events; the secret comes back once. */
export function NewWebhookForm(props: { onIssued: (webhook: WebhookWithSecret) => void }) {
  const { t } = useTranslation("webhooks");
  const create = useCreateWebhook();
  const notify = useNotify();
  const form = useForm<WebhookValues>({
    initialValues: { url: "", description: "", event_types: [] },
  });
  return (
    <NewItemSection titleId="new-webhook-title" title={t("form.newTitle")}>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          const url = checkedUrl(t, form, v);
          if (url === null) return;
          create.mutate(
            { url, description: v.description.trim(), event_types: v.event_types, is_active: true },
            {
              onSuccess: (webhook) => {
                form.reset();
                props.onIssued(webhook);
              },
              onError: formErrorHandler(t, form, notify),
            },
          );
        })}
      >
        <Stack gap="sm">
          <Group align="flex-start" gap="sm">
            <TextInput
              label={t("form.url")}
              placeholder="https://example.com/hooks/sampark"
              required
              type="url"
              maxLength={2000}
              style={{ flex: "2 1 320px" }}
              {...form.getInputProps("url")}
            />
            <TextInput
              label={t("form.description")}
              placeholder={t("form.descriptionPlaceholder")}
              maxLength={500}
              style={{ flex: "1 1 200px" }}
              {...form.getInputProps("description")}
            />
          </Group>
          <Group align="flex-end" gap="sm">
            <EventTypesInput
              value={form.values.event_types}
              onChange={(value) => form.setFieldValue("event_types", value)}
              error={form.errors.event_types as string | undefined}
            />
            <Button
              type="submit"
              leftSection={<IconPlus size={18} aria-hidden />}
              loading={create.isPending}
            >
              {t("form.create")}
            </Button>
          </Group>
        </Stack>
      </form>
    </NewItemSection>
  );
}
