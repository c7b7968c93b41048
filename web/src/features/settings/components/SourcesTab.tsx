import {
  Badge,
  Button,
  Code,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus } from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../../api/errors";
import { fieldMessages, useNotify } from "../../../ui/errors";
import type { Conflict } from "../../../ui/record/ConflictDialog";
import {
  SOURCE_KINDS,
  type Source,
  type SourceKind,
  type SourceUpdate,
  type SourceWithKey,
  useCreateSource,
  useRotateSourceKey,
  useSources,
  useUpdateSource,
} from "../hooks/useSources";
import { RotateButton } from "./ConfirmAction";
import { ActiveSwitch } from "./shared/ActiveSwitch";
import { EditDialogButton } from "./shared/EditDialogButton";
import { NewItemSection } from "./shared/NewItemSection";
import type { ConflictView } from "./shared/SaverConflictDialog";
import { SecretIssuingTab } from "./shared/SecretIssuingTab";
import { useEditDialogSave } from "./shared/useEditDialogSave";
import { VersionedEditForm } from "./shared/VersionedEditForm";
import { WriteKeyDialog } from "./sources/WriteKeyDialog";

interface Values {
  name: string;
  kind: SourceKind;
  trust_priority: number | string;
}

const isNameTaken = (error: unknown) =>
  isApiError(error) && error.status === 409 && error.code === "name_taken";

/** The form's messages for a failed create or save; false when it is not about a field. */
function formErrors(t: TFunction, error: unknown): Record<string, string> | null {
  if (isNameTaken(error)) return { name: t("sources:form.nameTaken") };
  const messages = fieldMessages(t, error);
  return Object.keys(messages).length ? messages : null;
}

function priorityOf(value: number | string): number {
  const n = typeof value === "number" ? value : Number.parseInt(value, 10);
  return Number.isFinite(n) ? Math.min(100, Math.max(0, Math.round(n))) : 50;
}

/** Name, kind and trust priority: the fields a source is created and edited with. */
function SourceFields(props: {
  form: ReturnType<typeof useForm<Values>>;
  errors?: Record<string, string>;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation("sources");
  const { form, errors = {} } = props;
  return (
    <>
      <TextInput
        label={t("form.name")}
        placeholder={t("form.namePlaceholder")}
        required
        maxLength={120}
        data-autofocus={props.autoFocus || undefined}
        style={{ flex: 2, minWidth: 200 }}
        {...form.getInputProps("name")}
        error={form.errors.name ?? errors.name}
      />
      <Select
        label={t("form.kind")}
        data={SOURCE_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        allowDeselect={false}
        style={{ flex: 1, minWidth: 160 }}
        {...form.getInputProps("kind")}
        error={form.errors.kind ?? errors.kind}
      />
      <NumberInput
        label={t("form.priority")}
        description={t("form.priorityHint")}
        min={0}
        max={100}
        step={5}
        allowDecimal={false}
        allowNegative={false}
        clampBehavior="strict"
        size="md"
        inputWrapperOrder={["label", "input", "description", "error"]}
        style={{ flex: 1, minWidth: 160 }}
        {...form.getInputProps("trust_priority")}
        error={form.errors.trust_priority ?? errors.trust_priority}
      />
    </>
  );
}

function NewSourceForm(props: { onIssued: (source: SourceWithKey) => void }) {
  const { t } = useTranslation("sources");
  const create = useCreateSource();
  const notify = useNotify();
  const form = useForm<Values>({
    initialValues: { name: "", kind: "web", trust_priority: 50 },
  });
  return (
    <NewItemSection titleId="new-source-title" title={t("form.newTitle")}>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          const name = v.name.trim();
          if (!name) {
            form.setFieldError("name", t("form.nameRequired"));
            return;
          }
          create.mutate(
            { name, kind: v.kind, trust_priority: priorityOf(v.trust_priority) },
            {
              onSuccess: (source) => {
                form.reset();
                props.onIssued(source);
              },
              onError: (error) => {
                const errors = formErrors(t, error);
                if (errors) form.setErrors(errors);
                else notify.error(error);
              },
            },
          );
        })}
      >
        <Group align="flex-start" gap="sm">
          <SourceFields form={form} />
          <Button
            type="submit"
            mt={{ base: 0, sm: 25 }}
            leftSection={<IconPlus size={18} aria-hidden />}
            loading={create.isPending}
          >
            {t("form.create")}
          </Button>
        </Group>
      </form>
    </NewItemSection>
  );
}

const valuesOf = (source: Source): Values => ({
  name: source.name,
  kind: source.kind,
  trust_priority: source.trust_priority,
});

/** A taken name on the name field; otherwise the API's per-field messages. */
function sourceFieldErrors(t: TFunction, error: unknown): Record<string, string> {
  return formErrors(t, error) ?? {};
}

/** A conflict as the dialog shows it: kinds and the active flag in words. */
function useConflictView(): ConflictView<Source> {
  const { t } = useTranslation("sources");
  const label = (field: string) =>
    ({
      name: t("form.name"),
      kind: t("form.kind"),
      trust_priority: t("form.priority"),
      is_active: t("list.active"),
      write_key_prefix: t("list.key"),
    })[field] ?? field;
  const shown = (s: Partial<Source>) =>
    ({
      ...s,
      kind: s.kind ? t(`kinds.${s.kind}`) : s.kind,
      is_active:
        s.is_active === undefined ? undefined : t(s.is_active ? "common:yes" : "common:no"),
    }) as unknown as Source;
  const view = (c: Conflict<Source> | null): Conflict<Source> | null =>
    c ? { base: shown(c.base), current: shown(c.current), changes: shown(c.changes) } : null;
  return { label, view };
}

/**
 * Rename, change kind or trust priority: only what changed, with the version read (If-Match).
 * A 412 opens the conflict dialog over this one, as in the other settings forms.
 */
function EditSourceForm(props: { source: Source; onDone: () => void }) {
  const { t } = useTranslation("sources");
  const update = useUpdateSource();
  const { source, onDone } = props;
  const form = useForm<Values>({ initialValues: valuesOf(source) });
  const conflictView = useConflictView();
  const saver = useEditDialogSave<Source, SourceUpdate>(source, update, {
    savedMessage: t("form.saved"),
    onDone,
    onDiscard: (current) => form.setValues(valuesOf(current)),
    fieldErrors: sourceFieldErrors,
  });

  return (
    <VersionedEditForm
      onCancel={onDone}
      saveLabel={t("form.save")}
      saver={saver}
      conflictView={conflictView}
      onSubmit={form.onSubmit((v) => {
        const name = v.name.trim();
        if (!name) {
          form.setFieldError("name", t("form.nameRequired"));
          return;
        }
        const changes: SourceUpdate = {};
        if (name !== source.name) changes.name = name;
        if (v.kind !== source.kind) changes.kind = v.kind;
        const priority = priorityOf(v.trust_priority);
        if (priority !== source.trust_priority) changes.trust_priority = priority;
        if (Object.keys(changes).length === 0) onDone();
        else void saver.saveChanges(changes);
      })}
    >
      <SourceFields form={form} errors={saver.errors} autoFocus />
    </VersionedEditForm>
  );
}

function SourceRow(props: { source: Source; onIssued: (source: SourceWithKey) => void }) {
  const { t } = useTranslation("sources");
  const rotate = useRotateSourceKey();
  const update = useUpdateSource();
  const { source } = props;
  const conflictView = useConflictView();

  return (
    <Group
      component="li"
      justify="space-between"
      align="center"
      gap="sm"
      p="md"
      style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
      data-testid="source-row"
    >
      <Stack gap={4} style={{ minWidth: 0, flex: "1 1 240px" }}>
        <Group gap="xs">
          <Text fw={600} style={{ overflowWrap: "anywhere" }}>
            {source.name}
          </Text>
          <Badge variant="light">{t(`kinds.${source.kind}`)}</Badge>
          {!source.is_active && (
            <Badge variant="light" color="gray">
              {t("list.off")}
            </Badge>
          )}
        </Group>
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {t("list.priority", { value: source.trust_priority })}
          </Text>
          <Text size="sm" c="dimmed" aria-hidden>
            ·
          </Text>
          <Text size="sm" c="dimmed">
            {t("list.key")}:{" "}
            {source.write_key_prefix ? <Code>{source.write_key_prefix}…</Code> : t("list.noKey")}
          </Text>
        </Group>
      </Stack>
      <Group gap="sm" wrap="wrap">
        <ActiveSwitch
          record={source}
          update={update}
          label={t("list.active")}
          ariaLabel={t("list.activeOf", { name: source.name })}
          savedMessage={(saved) =>
            t(saved.is_active ? "list.switchedOn" : "list.switchedOff", { name: saved.name })
          }
          conflictView={conflictView}
        />
        <Group gap="xs" wrap="nowrap">
          <EditDialogButton
            label={t("list.editOf", { name: source.name })}
            text={t("list.edit")}
            title={t("form.editTitle", { name: source.name })}
            closeLabel={t("close")}
          >
            {(close) => <EditSourceForm source={source} onDone={close} />}
          </EditDialogButton>
          <RotateButton
            label={t("list.rotateOf", { name: source.name })}
            text={t("list.rotate")}
            title={t("rotate.title", { name: source.name })}
            body={t("rotate.body")}
            confirmLabel={t("rotate.confirm")}
            rotate={() => rotate.mutateAsync(source.id)}
            onRotated={props.onIssued}
          />
        </Group>
      </Group>
    </Group>
  );
}

/** Settings → Sources: register where data comes from and hand out write keys (admins). */
export function SourcesTab() {
  const { t } = useTranslation("sources");
  const sources = useSources();
  return (
    <SecretIssuingTab<Source, SourceWithKey>
      intro={t("intro")}
      query={sources}
      listLabel={t("list.label")}
      empty={t("list.empty")}
      form={(onIssued) => <NewSourceForm onIssued={onIssued} />}
      row={(source, onIssued) => <SourceRow source={source} onIssued={onIssued} />}
      dialog={(issued, onClose) => <WriteKeyDialog issued={issued} onClose={onClose} />}
    />
  );
}
