import { Button, Group, Select, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CannedReply } from "../../../api/types";
import { formErrorHandler, useNotify } from "../../../ui/errors";
import { EditorModal } from "../../../ui/record/EditorModal";
import { EditNameButton, NewRecordButton, RecordTable } from "../../../ui/record/RecordTable";
import { useCannedReplies, useDeleteCanned, useQueues, useSaveCanned } from "../hooks/useDeskSetup";

const PLACEHOLDERS = [
  "person.first_name",
  "person.name",
  "ticket.number",
  "ticket.subject",
  "agent.name",
]
  .map((p) => `{{${p}}}`)
  .join(", ");

const LANGS = [
  { value: "en", label: "English" },
  { value: "bn", label: "বাংলা" },
  { value: "hi", label: "हिन्दी" },
];

function CannedForm(props: { reply: CannedReply | null; onDone: () => void }) {
  const { t } = useTranslation("tickets");
  const save = useSaveCanned();
  const remove = useDeleteCanned();
  const queues = useQueues();
  const notify = useNotify();
  const r = props.reply;
  const form = useForm({
    initialValues: {
      name: r?.name ?? "",
      language: r?.language ?? "en",
      body: r?.body ?? "",
      queue_id: r?.queue_id ?? null,
    },
    validate: {
      name: (v) => (v.trim() ? null : t("setup.required")),
      body: (v) => (v.trim() ? null : t("setup.required")),
    },
  });
  const submit = form.onSubmit((v) =>
    save.mutate(
      { id: r?.id, version: r?.version, body: v },
      {
        onSuccess: () => {
          notify.success(t("setup.saved"));
          props.onDone();
        },
        onError: formErrorHandler(t, form, notify),
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t("setup.name")}
          required
          data-autofocus
          {...form.getInputProps("name")}
        />
        <Group grow>
          <Select
            label={t("setup.canned.language")}
            data={LANGS}
            allowDeselect={false}
            {...form.getInputProps("language")}
          />
          <Select
            label={t("field.queue")}
            placeholder={t("setup.canned.anyQueue")}
            data={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
            clearable
            {...form.getInputProps("queue_id")}
          />
        </Group>
        <Textarea
          label={t("setup.canned.body")}
          description={t("setup.canned.placeholders", { list: PLACEHOLDERS })}
          autosize
          minRows={5}
          required
          {...form.getInputProps("body")}
        />
        <Group justify="space-between">
          {r ? (
            <Button
              variant="subtle"
              color="red"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(r.id, { onSuccess: props.onDone, onError: notify.error })
              }
            >
              {t("setup.delete")}
            </Button>
          ) : (
            <span />
          )}
          <Button type="submit" loading={save.isPending}>
            {t("setup.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Canned replies in English, Bengali and Hindi, with placeholders the server fills in. */
export function CannedTab() {
  const { t } = useTranslation("tickets");
  const canned = useCannedReplies();
  const [editing, setEditing] = useState<CannedReply | "new" | null>(null);
  return (
    <Stack gap="sm">
      <NewRecordButton onClick={() => setEditing("new")}>{t("setup.canned.new")}</NewRecordButton>
      {(canned.data ?? []).length === 0 ? (
        <Text c="dimmed">{t("setup.canned.empty")}</Text>
      ) : (
        <RecordTable
          rows={canned.data}
          minWidth={520}
          highlightOnHover
          columns={[
            {
              header: t("setup.name"),
              cell: (c) => <EditNameButton onClick={() => setEditing(c)}>{c.name}</EditNameButton>,
            },
            {
              header: t("setup.canned.language"),
              cell: (c) => LANGS.find((l) => l.value === c.language)?.label,
            },
            {
              header: t("setup.canned.body"),
              cell: (c) => (
                <Text size="sm" lineClamp={1}>
                  {c.body}
                </Text>
              ),
            },
          ]}
        />
      )}
      <EditorModal
        editing={editing}
        onClose={() => setEditing(null)}
        newTitle={t("setup.canned.new")}
        editTitle={t("setup.canned.edit")}
      >
        {(record) => <CannedForm reply={record} onDone={() => setEditing(null)} />}
      </EditorModal>
    </Stack>
  );
}
