import {
  Alert,
  Button,
  Code,
  Group,
  NumberInput,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Mailbox } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { formErrorHandler, useNotify } from "../../../ui/errors";
import { EditorModal } from "../../../ui/record/EditorModal";
import { EditNameButton, NewRecordButton, RecordTable } from "../../../ui/record/RecordTable";
import {
  useMailboxes,
  useQueues,
  useRotateMailboxToken,
  useSaveMailbox,
} from "../hooks/useDeskSetup";

function MailboxForm(props: { mailbox: Mailbox | null; onDone: (token?: string) => void }) {
  const { t } = useTranslation("tickets");
  const save = useSaveMailbox();
  const queues = useQueues();
  const notify = useNotify();
  const m = props.mailbox;
  const form = useForm({
    initialValues: {
      name: m?.name ?? "",
      address: m?.address ?? "",
      queue_id: m?.queue_id ?? null,
      enabled: m?.enabled ?? true,
      imap_host: m?.imap_host ?? "",
      imap_port: m?.imap_port ?? 993,
      imap_security: m?.imap_security ?? "tls",
      imap_username: m?.imap_username ?? "",
      imap_password: "",
      imap_folder: m?.imap_folder ?? "INBOX",
    },
    validate: {
      name: (v) => (v.trim() ? null : t("setup.required")),
      address: (v) => (/^[^\s@]+@[^\s@]+$/.test(v.trim()) ? null : t("form.emailInvalid")),
    },
  });
  const submit = form.onSubmit((v) =>
    save.mutate(
      {
        id: m?.id,
        version: m?.version,
        body: {
          ...v,
          imap_host: v.imap_host.trim() || null,
          imap_username: v.imap_username.trim() || null,
          // An empty password field keeps the stored one.
          ...(v.imap_password ? { imap_password: v.imap_password } : { imap_password: undefined }),
        },
      },
      {
        onSuccess: (saved) => {
          notify.success(t("setup.saved"));
          props.onDone("token" in saved ? (saved.token as string) : undefined);
        },
        onError: formErrorHandler(t, form, notify),
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            label={t("setup.name")}
            required
            data-autofocus
            {...form.getInputProps("name")}
          />
          <TextInput
            label={t("setup.mailboxes.address")}
            type="email"
            required
            {...form.getInputProps("address")}
          />
        </SimpleGrid>
        <Select
          label={t("field.queue")}
          placeholder={t("form.routed")}
          data={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
          clearable
          {...form.getInputProps("queue_id")}
        />
        <Switch
          label={t("setup.mailboxes.enabled")}
          {...form.getInputProps("enabled", { type: "checkbox" })}
        />
        <Text fw={600} size="sm">
          {t("setup.mailboxes.imap")}
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <TextInput label={t("setup.mailboxes.host")} {...form.getInputProps("imap_host")} />
          <NumberInput
            label={t("setup.mailboxes.port")}
            min={1}
            max={65535}
            {...form.getInputProps("imap_port")}
          />
          <Select
            label={t("setup.mailboxes.security")}
            data={["tls", "starttls", "none"].map((s) => ({
              value: s,
              label: t(`setup.mailboxes.${s}`),
            }))}
            allowDeselect={false}
            {...form.getInputProps("imap_security")}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <TextInput
            label={t("setup.mailboxes.username")}
            autoComplete="off"
            {...form.getInputProps("imap_username")}
          />
          <PasswordInput
            label={t("setup.mailboxes.password")}
            description={m ? t("setup.mailboxes.passwordKept") : undefined}
            autoComplete="new-password"
            {...form.getInputProps("imap_password")}
          />
          <TextInput label={t("setup.mailboxes.folder")} {...form.getInputProps("imap_folder")} />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t("setup.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Support addresses: the inbound webhook's token (shown once) and IMAP polling settings. */
export function MailboxesTab() {
  const { t } = useTranslation("tickets");
  const fmt = useFormat();
  const mailboxes = useMailboxes();
  const rotate = useRotateMailboxToken();
  const notify = useNotify();
  const [editing, setEditing] = useState<Mailbox | "new" | null>(null);
  const [token, setToken] = useState<string | null>(null);
  return (
    <Stack gap="sm">
      <NewRecordButton onClick={() => setEditing("new")}>
        {t("setup.mailboxes.new")}
      </NewRecordButton>
      {token && (
        <Alert
          color="yellow"
          title={t("setup.mailboxes.tokenTitle")}
          withCloseButton
          onClose={() => setToken(null)}
          closeButtonLabel={t("common:close")}
        >
          <Text size="sm">{t("setup.mailboxes.tokenOnce")}</Text>
          <Code block mt="xs" data-testid="mailbox-token">
            {token}
          </Code>
        </Alert>
      )}
      <RecordTable
        rows={mailboxes.data}
        minWidth={640}
        columns={[
          {
            header: t("setup.name"),
            cell: (m) => <EditNameButton onClick={() => setEditing(m)}>{m.name}</EditNameButton>,
          },
          { header: t("setup.mailboxes.address"), cell: (m) => m.address },
          {
            header: t("setup.mailboxes.polled"),
            cell: (m) =>
              m.last_error ? (
                <Text size="sm" c="red.9">
                  {m.last_error}
                </Text>
              ) : m.last_polled_at ? (
                fmt.relative(m.last_polled_at)
              ) : (
                "—"
              ),
          },
          {
            header: t("setup.mailboxes.token"),
            cell: (m) => (
              <Button
                variant="default"
                size="compact-sm"
                loading={rotate.isPending && rotate.variables === m.id}
                onClick={() =>
                  rotate.mutate(m.id, {
                    onSuccess: (r) => setToken(r.token),
                    onError: notify.error,
                  })
                }
              >
                {t("setup.mailboxes.rotate")}
              </Button>
            ),
          },
        ]}
      />
      <EditorModal
        editing={editing}
        onClose={() => setEditing(null)}
        newTitle={t("setup.mailboxes.new")}
        editTitle={t("setup.mailboxes.edit")}
      >
        {(record) => (
          <MailboxForm
            mailbox={record}
            onDone={(created) => {
              setEditing(null);
              if (created) setToken(created);
            }}
          />
        )}
      </EditorModal>
    </Stack>
  );
}
