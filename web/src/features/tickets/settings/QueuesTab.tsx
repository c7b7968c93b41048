import {
  Button,
  Chip,
  Group,
  Input,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TicketQueue } from "../../../api/types";
import { formErrorHandler, useNotify } from "../../../ui/errors";
import { EditorModal } from "../../../ui/record/EditorModal";
import { EditNameButton, NewRecordButton, RecordTable } from "../../../ui/record/RecordTable";
import { useUserOptions } from "../../users/hooks/useUsers";
import { useQueues, useSaveQueue } from "../hooks/useDeskSetup";

const DAYS = [0, 1, 2, 3, 4, 5, 6]; // Monday = 0, as the API counts

function QueueForm(props: { queue: TicketQueue | null; onDone: () => void }) {
  const { t } = useTranslation("tickets");
  const save = useSaveQueue();
  const users = useUserOptions();
  const notify = useNotify();
  const q = props.queue;
  const form = useForm({
    initialValues: {
      name: q?.name ?? "",
      assignment: q?.assignment ?? "round_robin",
      manager_id: q?.manager_id ?? null,
      time_zone: q?.time_zone ?? "Asia/Dhaka",
      work_days: (q?.work_days ?? [6, 0, 1, 2, 3]).map(String),
      work_start: q?.work_start ?? "09:00",
      work_end: q?.work_end ?? "18:00",
      holidays: q?.holidays ?? [],
      members: (q?.members ?? []).map((m) => m.user_id),
    },
    validate: { name: (v) => (v.trim() ? null : t("setup.required")) },
  });
  const submit = form.onSubmit((v) =>
    save.mutate(
      {
        id: q?.id,
        version: q?.version,
        body: {
          ...v,
          work_days: v.work_days.map(Number),
          members: v.members.map((user_id) => ({
            user_id,
            available: q?.members.find((m) => m.user_id === user_id)?.available ?? true,
          })),
        },
      },
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
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <Select
            label={t("setup.queues.assignment")}
            data={["round_robin", "least_open", "manual"].map((a) => ({
              value: a,
              label: t(`setup.queues.${a}`),
            }))}
            allowDeselect={false}
            {...form.getInputProps("assignment")}
          />
          <Select
            label={t("setup.queues.manager")}
            data={users}
            clearable
            searchable
            {...form.getInputProps("manager_id")}
          />
        </SimpleGrid>
        <MultiSelect
          label={t("setup.queues.members")}
          data={users}
          searchable
          {...form.getInputProps("members")}
        />
        <TextInput label={t("setup.queues.timeZone")} {...form.getInputProps("time_zone")} />
        <Input.Wrapper label={t("setup.queues.days")}>
          <Chip.Group multiple {...form.getInputProps("work_days")}>
            <Group gap={6} mt={4}>
              {DAYS.map((d) => (
                <Chip key={d} value={String(d)} size="sm">
                  {t(`setup.queues.day.${d}`)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </Input.Wrapper>
        <SimpleGrid cols={2}>
          <TextInput
            type="time"
            label={t("setup.queues.start")}
            {...form.getInputProps("work_start")}
          />
          <TextInput
            type="time"
            label={t("setup.queues.end")}
            {...form.getInputProps("work_end")}
          />
        </SimpleGrid>
        <TagsInput
          label={t("setup.queues.holidays")}
          description={t("setup.queues.holidaysHint")}
          {...form.getInputProps("holidays")}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t("setup.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Departments: members, assignment, business hours and holidays. */
export function QueuesTab() {
  const { t } = useTranslation("tickets");
  const queues = useQueues();
  const [editing, setEditing] = useState<TicketQueue | "new" | null>(null);
  return (
    <Stack gap="sm">
      <NewRecordButton onClick={() => setEditing("new")}>{t("setup.queues.new")}</NewRecordButton>
      <RecordTable
        rows={queues.data}
        minWidth={560}
        highlightOnHover
        columns={[
          {
            header: t("setup.name"),
            cell: (q) => <EditNameButton onClick={() => setEditing(q)}>{q.name}</EditNameButton>,
          },
          { header: t("setup.queues.assignment"), cell: (q) => t(`setup.queues.${q.assignment}`) },
          {
            header: t("setup.queues.hours"),
            cell: (q) => `${q.work_start}–${q.work_end} · ${q.time_zone}`,
          },
          {
            header: t("setup.queues.members"),
            cell: (q) => q.members.map((m) => m.name).join(", ") || "—",
          },
        ]}
      />
      <EditorModal
        editing={editing}
        onClose={() => setEditing(null)}
        newTitle={t("setup.queues.new")}
        editTitle={t("setup.queues.edit")}
      >
        {(record) => <QueueForm queue={record} onDone={() => setEditing(null)} />}
      </EditorModal>
    </Stack>
  );
}
