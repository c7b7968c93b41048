import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  MultiSelect,
  Paper,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import {
  IconArrowBackUp,
  IconHistory,
  IconPencil,
  IconPlayerPlay,
  IconPlus,
} from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/format";
import { formErrorHandler, useErrorMessage, useNotify } from "../../../ui/errors";
import { type Conflict, ConflictDialog } from "../../../ui/record/ConflictDialog";
import { SecretOnce } from "../../../ui/SecretOnce";
import { useVersionedSave } from "../hooks/useVersionedSave";
import {
  useCreateWebhook,
  useDeleteWebhook,
  useDeliveries,
  useDelivery,
  useEventTypes,
  useReplayDelivery,
  useRotateWebhookSecret,
  useSendTestEvent,
  useUpdateWebhook,
  useWebhooks,
  type Webhook,
  type WebhookDelivery,
  type WebhookUpdate,
  type WebhookWithSecret,
} from "../hooks/useWebhooks";
import { RotateButton } from "./ConfirmAction";
import { ConfirmDelete } from "./ConfirmDelete";
import { SettingsList } from "./SettingsList";

interface Values {
  url: string;
  description: string;
  event_types: string[];
}

const STATUS_COLORS: Record<string, string> = {
  pending: "gray",
  retrying: "yellow",
  succeeded: "teal",
  failed: "red",
  skipped: "gray",
};

/** The catalogue as choices: everything, every event of one object, or one event. */
function EventTypesInput(props: {
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
}) {
  const { t } = useTranslation("webhooks");
  const types = useEventTypes();
  const data = useMemo(() => {
    const names = (types.data ?? []).map((e) => e.name);
    const objects = [...new Set(names.map((n) => n.split(".")[0] ?? n))];
    return [
      { value: "*", label: t("form.allEvents") },
      ...objects.map((o) => ({ value: `${o}.*`, label: t("form.allOf", { object: o }) })),
      ...(types.data ?? []).map((e) => ({
        value: e.name,
        label: e.reserved ? t("form.reserved", { name: e.name }) : e.name,
      })),
    ];
  }, [types.data, t]);
  return (
    <MultiSelect
      label={t("form.events")}
      description={t("form.eventsHint")}
      placeholder={props.value.length ? undefined : t("form.eventsPlaceholder")}
      data={data}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
      searchable
      required
      style={{ flex: "2 1 320px" }}
    />
  );
}

/** The signing secret, shown once after it is issued. */
export function SecretDialog(props: { issued: WebhookWithSecret | null; onClose: () => void }) {
  const { t } = useTranslation("webhooks");
  const { issued } = props;
  return (
    <Modal
      opened={Boolean(issued)}
      onClose={props.onClose}
      title={t("secret.title")}
      closeOnClickOutside={false}
      closeButtonProps={{ "aria-label": t("close") }}
      size="lg"
    >
      {issued && (
        <Stack>
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
            {issued.url}
          </Text>
          <SecretOnce
            warning={t("secret.onlyOnce")}
            label={t("secret.label")}
            value={issued.secret}
            copyLabel={t("secret.copy")}
            copiedLabel={t("secret.copied")}
            testId="new-webhook-secret"
          />
          <Text size="sm">{t("secret.howToVerify")}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t("secret.done")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function NewWebhookForm(props: { onIssued: (webhook: WebhookWithSecret) => void }) {
  const { t } = useTranslation("webhooks");
  const create = useCreateWebhook();
  const notify = useNotify();
  const form = useForm<Values>({ initialValues: { url: "", description: "", event_types: [] } });
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="new-webhook-title">
      <Title order={2} size="h4" mb="sm" id="new-webhook-title">
        {t("form.newTitle")}
      </Title>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          const url = v.url.trim();
          if (!url) {
            form.setFieldError("url", t("form.urlRequired"));
            return;
          }
          if (v.event_types.length === 0) {
            form.setFieldError("event_types", t("form.eventsRequired"));
            return;
          }
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
    </Paper>
  );
}

/** A conflict as the dialog shows it. */
function useConflictView() {
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

function EditWebhookForm(props: { webhook: Webhook; onDone: () => void }) {
  const { t } = useTranslation("webhooks");
  const notify = useNotify();
  const update = useUpdateWebhook();
  const { webhook, onDone } = props;
  const valuesOf = (w: Webhook): Values => ({
    url: w.url,
    description: w.description,
    event_types: w.event_types,
  });
  const form = useForm<Values>({ initialValues: valuesOf(webhook) });
  const conflictView = useConflictView();
  const saver = useVersionedSave<Webhook, WebhookUpdate>(
    webhook,
    ({ version, changes }) => update.mutateAsync({ id: webhook.id, version, changes }),
    {
      onSaved: () => {
        notify.success(t("form.saved"));
        onDone();
      },
      onDiscard: (current) => form.setValues(valuesOf(current)),
    },
  );
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        const changes: WebhookUpdate = {};
        const url = v.url.trim();
        if (!url) {
          form.setFieldError("url", t("form.urlRequired"));
          return;
        }
        if (v.event_types.length === 0) {
          form.setFieldError("event_types", t("form.eventsRequired"));
          return;
        }
        if (url !== webhook.url) changes.url = url;
        if (v.description.trim() !== webhook.description)
          changes.description = v.description.trim();
        if (v.event_types.join() !== webhook.event_types.join())
          changes.event_types = v.event_types;
        if (Object.keys(changes).length === 0) onDone();
        else void saver.saveChanges(changes);
      })}
    >
      <Stack gap="sm">
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
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t("common:cancel")}
          </Button>
          <Button type="submit" loading={saver.busy}>
            {t("form.save")}
          </Button>
        </Group>
      </Stack>
      <ConflictDialog<Webhook>
        conflict={conflictView.view(saver.conflict)}
        label={conflictView.label}
        onReapply={() => void saver.reapply()}
        onDiscard={saver.discard}
        busy={saver.busy}
      />
    </form>
  );
}

/** A delivery's body and every attempt: headers aside, what came back and why it failed. */
function DeliveryDetails(props: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation("webhooks");
  const fmt = useFormat();
  const errorText = useErrorMessage();
  const detail = useDelivery(props.id);
  return (
    <Modal
      opened={Boolean(props.id)}
      onClose={props.onClose}
      title={t("details.title")}
      closeButtonProps={{ "aria-label": t("close") }}
      size="xl"
    >
      {detail.isPending ? (
        <Skeleton height={160} radius="md" />
      ) : detail.isError ? (
        <Alert color="red" role="alert">
          {errorText(detail.error)}
        </Alert>
      ) : (
        <Stack>
          <Text size="sm">
            {t("details.webhookId")}: <Code>{detail.data.id}</Code>
          </Text>
          <Title order={3} size="h5">
            {t("details.payload")}
          </Title>
          <Code block style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", maxHeight: 240 }}>
            {JSON.stringify(detail.data.payload, null, 2)}
          </Code>
          <Title order={3} size="h5">
            {t("details.attempts")}
          </Title>
          {detail.data.attempt_log.length === 0 ? (
            <Text c="dimmed">{t("details.noAttempts")}</Text>
          ) : (
            <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
              {detail.data.attempt_log.map((a) => (
                <Paper
                  component="li"
                  withBorder
                  radius="sm"
                  p="sm"
                  key={a.id}
                  data-testid="attempt"
                >
                  <Group gap="xs">
                    <Text fw={600}>{t("details.attempt", { number: a.number })}</Text>
                    <Badge variant="light" color={a.succeeded ? "teal" : "red"}>
                      {a.response_status ?? t("details.noResponse")}
                    </Badge>
                    <Text size="sm" c="dimmed">
                      {t(`trigger.${a.trigger}`, { defaultValue: a.trigger })} ·{" "}
                      {fmt.dateTime(a.started_at)} · {t("details.duration", { ms: a.duration_ms })}
                    </Text>
                  </Group>
                  {a.error && (
                    <Text size="sm" c="red.9" style={{ overflowWrap: "anywhere" }}>
                      {a.error}
                    </Text>
                  )}
                  {a.response_body && (
                    <Code
                      block
                      mt="xs"
                      style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", maxHeight: 160 }}
                    >
                      {a.response_body}
                    </Code>
                  )}
                </Paper>
              ))}
            </Stack>
          )}
        </Stack>
      )}
    </Modal>
  );
}

/** The latest deliveries: when, what, how it went, and Replay. */
function DeliveriesTable(props: { webhook: Webhook }) {
  const { t } = useTranslation("webhooks");
  const fmt = useFormat();
  const notify = useNotify();
  const errorText = useErrorMessage();
  const deliveries = useDeliveries(props.webhook.id, true);
  const replay = useReplayDelivery(props.webhook.id);
  const [open, setOpen] = useState<string | null>(null);
  if (deliveries.isPending) return <Skeleton height={80} radius="md" />;
  if (deliveries.isError)
    return (
      <Alert color="red" role="alert">
        {errorText(deliveries.error)}
      </Alert>
    );
  if (deliveries.data.length === 0) return <Text c="dimmed">{t("deliveries.empty")}</Text>;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" aria-label={t("deliveries.label", { url: props.webhook.url })}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("deliveries.when")}</Table.Th>
            <Table.Th>{t("deliveries.event")}</Table.Th>
            <Table.Th>{t("deliveries.status")}</Table.Th>
            <Table.Th>{t("deliveries.response")}</Table.Th>
            <Table.Th>{t("deliveries.attempts")}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t("deliveries.actions")}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deliveries.data.map((d: WebhookDelivery) => (
            <Table.Tr key={d.id} data-testid="delivery-row">
              <Table.Td style={{ whiteSpace: "nowrap" }}>{fmt.dateTime(d.created_at)}</Table.Td>
              <Table.Td>
                <Code>{d.event_type}</Code>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={STATUS_COLORS[d.status] ?? "gray"}>
                  {t(`status.${d.status}`, { defaultValue: d.status })}
                </Badge>
                {d.last_error && d.status !== "succeeded" && (
                  <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                    {d.last_error}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{d.last_status_code ?? "—"}</Table.Td>
              <Table.Td>{fmt.number(d.attempts)}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap" justify="flex-end">
                  <Button
                    size="xs"
                    h={32}
                    variant="subtle"
                    aria-label={t("deliveries.detailsOf", { event: d.event_type })}
                    onClick={() => setOpen(d.id)}
                  >
                    {t("deliveries.details")}
                  </Button>
                  <Button
                    size="xs"
                    h={32}
                    variant="default"
                    leftSection={<IconArrowBackUp size={16} aria-hidden />}
                    aria-label={t("deliveries.replayOf", { event: d.event_type })}
                    loading={replay.isPending && replay.variables === d.id}
                    onClick={() =>
                      replay.mutate(d.id, {
                        onSuccess: () => notify.success(t("deliveries.replayed")),
                        onError: notify.error,
                      })
                    }
                  >
                    {t("deliveries.replay")}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <DeliveryDetails id={open} onClose={() => setOpen(null)} />
    </Table.ScrollContainer>
  );
}

function WebhookRow(props: { webhook: Webhook; onIssued: (webhook: WebhookWithSecret) => void }) {
  const { t } = useTranslation("webhooks");
  const fmt = useFormat();
  const notify = useNotify();
  const { webhook } = props;
  const update = useUpdateWebhook();
  const rotate = useRotateWebhookSecret();
  const sendTest = useSendTestEvent();
  const remove = useDeleteWebhook();
  const conflictView = useConflictView();
  const toggler = useVersionedSave<Webhook, WebhookUpdate>(
    webhook,
    ({ version, changes }) => update.mutateAsync({ id: webhook.id, version, changes }),
    {
      onSaved: (saved) =>
        notify.success(t(saved.is_active ? "list.switchedOn" : "list.switchedOff")),
    },
  );
  const [editing, setEditing] = useState(false);
  const [showLog, setShowLog] = useState(false);

  return (
    <Stack
      component="li"
      gap="sm"
      p="md"
      style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
      data-testid="webhook-row"
    >
      <Group justify="space-between" align="center" gap="sm">
        <Stack gap={4} style={{ minWidth: 0, flex: "1 1 260px" }}>
          <Group gap="xs">
            <Text fw={600} style={{ overflowWrap: "anywhere" }}>
              {webhook.url}
            </Text>
            {!webhook.is_active && (
              <Badge variant="light" color="gray">
                {t("list.off")}
              </Badge>
            )}
            {webhook.is_active && webhook.failing_since && (
              <Badge variant="light" color="yellow">
                {t("list.failingSince", { when: fmt.dateTime(webhook.failing_since) })}
              </Badge>
            )}
          </Group>
          {webhook.description && (
            <Text size="sm" c="dimmed">
              {webhook.description}
            </Text>
          )}
          <Group gap={4}>
            {webhook.event_types.map((e) => (
              <Badge key={e} variant="outline" tt="none">
                {e === "*" ? t("form.allEvents") : e}
              </Badge>
            ))}
          </Group>
        </Stack>
        <Group gap="sm" wrap="wrap">
          <Switch
            label={t("list.active")}
            aria-label={t("list.activeOf", { url: webhook.url })}
            checked={webhook.is_active}
            disabled={toggler.busy}
            onChange={(e) => void toggler.saveChanges({ is_active: e.currentTarget.checked })}
          />
          <Group gap="xs" wrap="wrap">
            <Button
              size="xs"
              h={36}
              variant="default"
              leftSection={<IconPencil size={16} aria-hidden />}
              aria-label={t("list.editOf", { url: webhook.url })}
              onClick={() => setEditing(true)}
            >
              {t("list.edit")}
            </Button>
            <Button
              size="xs"
              h={36}
              variant="default"
              leftSection={<IconPlayerPlay size={16} aria-hidden />}
              aria-label={t("list.testOf", { url: webhook.url })}
              loading={sendTest.isPending}
              onClick={() =>
                sendTest.mutate(webhook.id, {
                  onSuccess: () => {
                    notify.success(t("list.testSent"));
                    setShowLog(true);
                  },
                  onError: notify.error,
                })
              }
            >
              {t("list.test")}
            </Button>
            <RotateButton
              label={t("list.rotateOf", { url: webhook.url })}
              text={t("list.rotate")}
              title={t("rotate.title")}
              body={t("rotate.body")}
              confirmLabel={t("rotate.confirm")}
              rotate={() => rotate.mutateAsync(webhook.id)}
              onRotated={props.onIssued}
            />
            <Button
              size="xs"
              h={36}
              variant={showLog ? "light" : "default"}
              leftSection={<IconHistory size={16} aria-hidden />}
              aria-expanded={showLog}
              aria-label={t("list.deliveriesOf", { url: webhook.url })}
              onClick={() => setShowLog((v) => !v)}
            >
              {t("list.deliveries")}
            </Button>
            <ConfirmDelete
              label={t("list.deleteOf", { url: webhook.url })}
              title={t("delete.title")}
              body={t("delete.body", { url: webhook.url })}
              onConfirm={() => remove.mutateAsync(webhook.id)}
            />
          </Group>
        </Group>
      </Group>
      {!webhook.is_active && webhook.disabled_reason && (
        <Alert color="red" c="dark" title={t("list.disabledTitle")}>
          {webhook.disabled_reason} {t("list.disabledHint")}
        </Alert>
      )}
      {showLog && <DeliveriesTable webhook={webhook} />}

      <Modal
        opened={editing}
        onClose={() => setEditing(false)}
        title={t("form.editTitle")}
        closeButtonProps={{ "aria-label": t("close") }}
        size="lg"
      >
        {editing && <EditWebhookForm webhook={webhook} onDone={() => setEditing(false)} />}
      </Modal>
      <ConflictDialog<Webhook>
        conflict={conflictView.view(toggler.conflict)}
        label={conflictView.label}
        onReapply={() => void toggler.reapply()}
        onDiscard={toggler.discard}
        busy={toggler.busy}
      />
    </Stack>
  );
}

/** Settings → Webhooks: endpoints told about changes, signed, with their delivery log (admins). */
export function WebhooksTab() {
  const { t } = useTranslation("webhooks");
  const webhooks = useWebhooks();
  const [issued, setIssued] = useState<WebhookWithSecret | null>(null);
  return (
    <Stack>
      <Text c="dimmed" size="sm" maw={720}>
        {t("intro")}
      </Text>
      <NewWebhookForm onIssued={setIssued} />
      <SettingsList query={webhooks} label={t("list.label")} empty={t("list.empty")}>
        {(webhook) => <WebhookRow key={webhook.id} webhook={webhook} onIssued={setIssued} />}
      </SettingsList>
      <SecretDialog issued={issued} onClose={() => setIssued(null)} />
    </Stack>
  );
}
