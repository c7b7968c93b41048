import { Button, Group, Select, SimpleGrid, Stack, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import type { Ticket, TicketChannel, TicketPriority, TicketType } from "../../../api/types";
import { fieldMessages, useNotify } from "../../../ui/errors";
import { PersonPicker } from "../../people/components/PersonPicker";
import { useQueues } from "../hooks/useDeskSetup";
import { useCreateTicket } from "../hooks/useTickets";
import { CHANNELS, PRIORITIES, TYPES } from "../options";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A ticket taken by phone or at the counter: a subject and who asks. */
export function NewTicketForm(props: {
  onCreated: (ticket: Ticket) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation(["tickets", "records"]);
  const create = useCreateTicket();
  const queues = useQueues();
  const notify = useNotify();
  const form = useForm({
    initialValues: {
      subject: "",
      description: "",
      person_id: null as string | null,
      email: "",
      phone: "",
      name: "",
      channel: "phone" as TicketChannel,
      priority: "normal" as TicketPriority,
      type: "question" as TicketType,
      queue_id: null as string | null,
    },
    validate: {
      subject: (v) => (v.trim() ? null : t("form.subjectRequired")),
      email: (v, values) =>
        v.trim() && !EMAIL.test(v.trim())
          ? t("form.emailInvalid")
          : !values.person_id && !v.trim() && !values.phone.trim()
            ? t("form.requesterRequired")
            : null,
    },
  });

  const submit = form.onSubmit((v) =>
    create.mutate(
      {
        subject: v.subject.trim(),
        description: v.description.trim(),
        channel: v.channel,
        priority: v.priority,
        type: v.type,
        queue_id: v.queue_id,
        tags: [],
        custom_fields: {},
        requester: v.person_id
          ? { person_id: v.person_id }
          : {
              email: v.email.trim() || null,
              phone: v.phone.trim() || null,
              name: v.name.trim() || null,
            },
      },
      {
        onSuccess: (ticket) => {
          notify.success(t("form.created", { token: ticket.token }));
          props.onCreated(ticket);
        },
        onError: (error) => {
          const messages = fieldMessages(t, error);
          if (Object.keys(messages).length) {
            form.setErrors({
              ...messages,
              ...(messages["requester.email"] ? { email: messages["requester.email"] } : {}),
              ...(messages["requester.phone"] ? { phone: messages["requester.phone"] } : {}),
            });
          } else notify.error(error);
        },
      },
    ),
  );

  const opt = (prefix: string, values: readonly string[]) =>
    values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t("field.subject")}
          required
          maxLength={300}
          data-autofocus
          {...form.getInputProps("subject")}
        />
        <Textarea
          label={t("field.description")}
          autosize
          minRows={3}
          maxRows={8}
          {...form.getInputProps("description")}
        />
        <PersonPicker
          label={t("form.person")}
          value={form.values.person_id}
          onChange={(id) => form.setFieldValue("person_id", id)}
        />
        {!form.values.person_id && (
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
            <TextInput label={t("form.name")} {...form.getInputProps("name")} />
            <TextInput
              label={t("form.email")}
              type="email"
              inputMode="email"
              {...form.getInputProps("email")}
            />
            <TextInput
              label={t("form.phone")}
              type="tel"
              inputMode="tel"
              {...form.getInputProps("phone")}
            />
          </SimpleGrid>
        )}
        <SimpleGrid cols={{ base: 2, xs: 4 }} spacing="sm">
          <Select
            label={t("field.channel")}
            data={opt("channel", CHANNELS)}
            allowDeselect={false}
            {...form.getInputProps("channel")}
          />
          <Select
            label={t("field.priority")}
            data={opt("priority", PRIORITIES)}
            allowDeselect={false}
            {...form.getInputProps("priority")}
          />
          <Select
            label={t("field.type")}
            data={opt("type", TYPES)}
            allowDeselect={false}
            {...form.getInputProps("type")}
          />
          <Select
            label={t("field.queue")}
            placeholder={t("form.routed")}
            data={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
            clearable
            {...form.getInputProps("queue_id")}
          />
        </SimpleGrid>
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={props.onCancel}>
            {t("common:cancel")}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t("form.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
