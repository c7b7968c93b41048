import {
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconCheck, IconCopy, IconPencil, IconPlus } from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../../api/errors";
import { fieldMessages, useNotify } from "../../../ui/errors";
import { type Conflict, ConflictDialog } from "../../../ui/record/ConflictDialog";
import { SecretOnce } from "../../../ui/SecretOnce";
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
import { useVersionedSave } from "../hooks/useVersionedSave";
import { RotateButton } from "./ConfirmAction";
import { SettingsList } from "./SettingsList";

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

/** The write key, shown once after it is issued, with how to send a first event. */
export function WriteKeyDialog(props: { issued: SourceWithKey | null; onClose: () => void }) {
  const { t } = useTranslation("sources");
  const { issued } = props;
  const origin = typeof location !== "undefined" ? location.origin : "";
  const curl = issued
    ? [
        `curl -u "${issued.write_key}:" ${origin}/v1/identify \\`,
        `  -H 'Content-Type: application/json' \\`,
        `  -d '{"userId": "u-1001", "traits": {"email": "nusrat@example.com"}}'`,
      ].join("\n")
    : "";
  const library = issued
    ? [`analytics.write_key = "${issued.write_key}"`, `analytics.host = "${origin}"`].join("\n")
    : "";
  return (
    <Modal
      opened={Boolean(issued)}
      onClose={props.onClose}
      title={issued ? t("key.createdTitle", { name: issued.name }) : ""}
      closeOnClickOutside={false}
      closeButtonProps={{ "aria-label": t("close") }}
      size="lg"
    >
      {issued && (
        <Stack>
          <SecretOnce
            warning={t("key.onlyOnce")}
            label={t("key.label")}
            value={issued.write_key}
            copyLabel={t("key.copy")}
            copiedLabel={t("key.copied")}
            testId="new-write-key"
          />
          <Title order={3} size="h5" mt="xs">
            {t("key.connectTitle")}
          </Title>
          <Text size="sm">{t("key.connectCurl")}</Text>
          <Code block style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {curl}
          </Code>
          <CopyButton value={curl}>
            {({ copied, copy }) => (
              <Button
                variant="default"
                size="sm"
                leftSection={
                  copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />
                }
                onClick={copy}
                style={{ alignSelf: "flex-start" }}
              >
                {copied ? t("key.copied") : t("key.copyExample")}
              </Button>
            )}
          </CopyButton>
          <Text size="sm">{t("key.connectLibrary")}</Text>
          <Code block style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {library}
          </Code>
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t("key.done")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
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
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="new-source-title">
      <Title order={2} size="h4" mb="sm" id="new-source-title">
        {t("form.newTitle")}
      </Title>
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
    </Paper>
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
function useConflictView() {
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
  const notify = useNotify();
  const update = useUpdateSource();
  const { source, onDone } = props;
  const form = useForm<Values>({ initialValues: valuesOf(source) });
  const conflictView = useConflictView();
  const saver = useVersionedSave<Source, SourceUpdate>(
    source,
    ({ version, changes }) => update.mutateAsync({ id: source.id, version, changes }),
    {
      onSaved: () => {
        notify.success(t("form.saved"));
        onDone();
      },
      onDiscard: (current) => form.setValues(valuesOf(current)),
      fieldErrors: sourceFieldErrors,
    },
  );

  return (
    <form
      noValidate
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
      <Stack gap="sm">
        <SourceFields form={form} errors={saver.errors} autoFocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t("common:cancel")}
          </Button>
          <Button type="submit" loading={saver.busy}>
            {t("form.save")}
          </Button>
        </Group>
      </Stack>
      <ConflictDialog<Source>
        conflict={conflictView.view(saver.conflict)}
        label={conflictView.label}
        onReapply={() => void saver.reapply()}
        onDiscard={saver.discard}
        busy={saver.busy}
      />
    </form>
  );
}

function SourceRow(props: { source: Source; onIssued: (source: SourceWithKey) => void }) {
  const { t } = useTranslation("sources");
  const notify = useNotify();
  const rotate = useRotateSourceKey();
  const update = useUpdateSource();
  const { source } = props;
  const conflictView = useConflictView();
  // Switching on and off: saved at once, with the same 412 handling as the edit form.
  const toggler = useVersionedSave<Source, SourceUpdate>(
    source,
    ({ version, changes }) => update.mutateAsync({ id: source.id, version, changes }),
    {
      onSaved: (saved) =>
        notify.success(
          t(saved.is_active ? "list.switchedOn" : "list.switchedOff", { name: saved.name }),
        ),
    },
  );
  const [editing, setEditing] = useState(false);

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
        <Switch
          label={t("list.active")}
          aria-label={t("list.activeOf", { name: source.name })}
          checked={source.is_active}
          disabled={toggler.busy}
          onChange={(e) => void toggler.saveChanges({ is_active: e.currentTarget.checked })}
        />
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            h={36}
            variant="default"
            leftSection={<IconPencil size={16} aria-hidden />}
            aria-label={t("list.editOf", { name: source.name })}
            onClick={() => setEditing(true)}
          >
            {t("list.edit")}
          </Button>
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

      <Modal
        opened={editing}
        onClose={() => setEditing(false)}
        title={t("form.editTitle", { name: source.name })}
        closeButtonProps={{ "aria-label": t("close") }}
      >
        {editing && <EditSourceForm source={source} onDone={() => setEditing(false)} />}
      </Modal>

      <ConflictDialog<Source>
        conflict={conflictView.view(toggler.conflict)}
        label={conflictView.label}
        onReapply={() => void toggler.reapply()}
        onDiscard={toggler.discard}
        busy={toggler.busy}
      />
    </Group>
  );
}

/** Settings → Sources: register where data comes from and hand out write keys (admins). */
export function SourcesTab() {
  const { t } = useTranslation("sources");
  const sources = useSources();
  const [issued, setIssued] = useState<SourceWithKey | null>(null);

  return (
    <Stack>
      <Text c="dimmed" size="sm" maw={720}>
        {t("intro")}
      </Text>
      <NewSourceForm onIssued={setIssued} />
      <SettingsList query={sources} label={t("list.label")} empty={t("list.empty")}>
        {(source) => <SourceRow key={source.id} source={source} onIssued={setIssued} />}
      </SettingsList>
      <WriteKeyDialog issued={issued} onClose={() => setIssued(null)} />
    </Stack>
  );
}
