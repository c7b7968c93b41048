import "@mantine/dates/styles.css";
import "dayjs/locale/bn";
import "dayjs/locale/hi";
import { Button, Group, Select, Stack, Textarea, TextInput } from "@mantine/core";
import { DatesProvider, DateTimePicker } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import type { Person, Priority, Task, TaskCreate, TaskUpdate } from "../../../api/types";
import { formErrorHandler, useNotify } from "../../../ui/errors";
import { PersonPicker } from "../../people/components/PersonPicker";
import { useCreateTask, useUpdateTask } from "../hooks/useTasks";

const PRIORITIES: Priority[] = ["low", "normal", "high", "urgent"];

/** "2026-11-24 10:00:00" (local wall time from the picker) → an ISO instant with offset. */
export function pickerToIso(value: string | null): string | null {
  if (!value) return null;
  const date = new Date(value.replace(" ", "T"));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** An ISO instant → the picker's local wall time ("2026-11-24 10:00:00"). */
export function isoToPicker(value: string | null | undefined): string | null {
  if (!value) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:00`;
}

const sameInstant = (a: string | null | undefined, b: string | null | undefined) =>
  (a ? new Date(a).getTime() : null) === (b ? new Date(b).getTime() : null);

function tomorrowAtTen(): string {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} 10:00:00`;
}

/**
 * A task, optionally with a reminder, linked to the record it is about. With `task`, edits it
 * (title, due and reminder times, priority, notes) — offline too: the change waits in the outbox.
 */
export function TaskForm(props: {
  links?: Pick<TaskCreate, "person_id" | "company_id" | "deal_id">;
  task?: Task;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation("tasks");
  const create = useCreateTask();
  const update = useUpdateTask();
  const notify = useNotify();
  const editing = props.task;
  const form = useForm({
    initialValues: {
      title: editing?.title ?? "",
      due_at: editing ? isoToPicker(editing.due_at) : (tomorrowAtTen() as string | null),
      remind_at: isoToPicker(editing?.remind_at),
      priority: (editing?.priority ?? "normal") as Priority,
      notes: editing?.notes ?? "",
      person: null as Person | null,
    },
    validate: {
      title: (v) => (v.trim() ? null : t("titleRequired")),
      remind_at: (v, values) =>
        v && values.due_at && v > values.due_at ? t("remindAfterDue") : null,
    },
  });

  const failed = formErrorHandler(t, form, notify);

  const save = (task: Task, values: typeof form.values) => {
    const next: TaskUpdate = {
      title: values.title.trim(),
      due_at: pickerToIso(values.due_at),
      remind_at: pickerToIso(values.remind_at),
      priority: values.priority,
      notes: values.notes.trim() || null,
    };
    const changes: TaskUpdate = {};
    if (next.title !== task.title) changes.title = next.title;
    if (!sameInstant(next.due_at, task.due_at)) changes.due_at = next.due_at;
    if (!sameInstant(next.remind_at, task.remind_at)) changes.remind_at = next.remind_at;
    if (next.priority !== task.priority) changes.priority = next.priority;
    if ((next.notes ?? null) !== (task.notes ?? null)) changes.notes = next.notes;
    if (Object.keys(changes).length === 0) return props.onDone();
    update.mutate(
      { task, changes },
      {
        onSuccess: () => {
          notify.success(t("saved"));
          props.onDone();
        },
        onError: failed,
      },
    );
  };

  const submit = form.onSubmit((values) =>
    editing
      ? save(editing, values)
      : create.mutate(
          {
            title: values.title.trim(),
            due_at: pickerToIso(values.due_at),
            remind_at: pickerToIso(values.remind_at),
            priority: values.priority,
            notes: values.notes.trim() || null,
            done: false,
            ...(values.person
              ? { person_id: values.person.id, company_id: values.person.company_id }
              : {}),
            ...props.links,
          },
          {
            onSuccess: () => {
              notify.success(t("created"));
              props.onDone();
            },
            onError: failed,
          },
        ),
  );

  return (
    <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: 6 }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label={t("title")} required data-autofocus {...form.getInputProps("title")} />
          <DateTimePicker
            label={t("dueAt")}
            clearable
            valueFormat="DD MMM YYYY, HH:mm"
            {...form.getInputProps("due_at")}
          />
          <DateTimePicker
            label={t("remindAt")}
            description={t("remindHint")}
            clearable
            valueFormat="DD MMM YYYY, HH:mm"
            {...form.getInputProps("remind_at")}
          />
          {!props.links && !editing && (
            <PersonPicker
              label={t("aboutPerson")}
              value={form.values.person?.id ?? null}
              onChange={(_id, person) => form.setFieldValue("person", person)}
            />
          )}
          <Select
            label={t("priorityLabel")}
            data={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
            allowDeselect={false}
            {...form.getInputProps("priority")}
          />
          <Textarea label={t("notes")} autosize minRows={2} {...form.getInputProps("notes")} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onDone}>
              {t("common:cancel")}
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {editing ? t("common:save") : t("create")}
            </Button>
          </Group>
        </Stack>
      </form>
    </DatesProvider>
  );
}
