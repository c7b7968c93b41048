import { Button, Group, SegmentedControl, Stack, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import type { ActivityKind } from "../../../api/types";
import { formErrorHandler, useNotify } from "../../../ui/errors";
import { type Subject, useLogActivity } from "../hooks/useActivities";

const KINDS: ActivityKind[] = ["call", "note", "meeting", "visit", "email"];

function localNow() {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

/** Log a call, note, meeting or visit against a record — three taps on a phone. */
export function LogActivityForm(props: {
  subject: Subject;
  links?: Partial<Record<Subject["field"], string | null>>;
  onDone?: () => void;
}) {
  const { t } = useTranslation("activities");
  const log = useLogActivity();
  const notify = useNotify();
  const form = useForm({
    initialValues: { kind: "call" as ActivityKind, subject: "", body: "", occurred_at: localNow() },
  });

  const submit = form.onSubmit((values) => {
    log.mutate(
      {
        kind: values.kind,
        subject: values.subject.trim() || t(`defaultSubject.${values.kind}`),
        body: values.body.trim() || null,
        occurred_at: values.occurred_at ? new Date(values.occurred_at).toISOString() : null,
        ...props.links,
        [props.subject.field]: props.subject.id,
      },
      {
        onSuccess: () => {
          form.reset();
          form.setFieldValue("occurred_at", localNow());
          notify.success(t("logged"));
          props.onDone?.();
        },
        onError: formErrorHandler(t, form, notify),
      },
    );
  });

  return (
    <form onSubmit={submit} aria-label={t("logTitle")}>
      <Stack gap="sm">
        <SegmentedControl
          aria-label={t("kindLabel")}
          data={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          {...form.getInputProps("kind")}
          fullWidth
        />
        <TextInput
          label={t("subject")}
          placeholder={t(`defaultSubject.${form.values.kind}`)}
          {...form.getInputProps("subject")}
        />
        <Textarea label={t("body")} autosize minRows={2} {...form.getInputProps("body")} />
        <Group align="flex-end" gap="sm">
          <TextInput
            label={t("when")}
            type="datetime-local"
            style={{ flex: 1 }}
            {...form.getInputProps("occurred_at")}
          />
          <Button type="submit" loading={log.isPending}>
            {t("log")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
