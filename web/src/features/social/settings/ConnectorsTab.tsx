import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/format";
import { formErrorHandler, useNotify } from "../../../ui/errors";
import { EditorModal } from "../../../ui/record/EditorModal";
import { EditNameButton, RecordTable } from "../../../ui/record/RecordTable";
import { useConnectors, useDeleteConnector, useSaveConnector } from "../hooks/useSocialSettings";
import { PLATFORMS } from "../options";
import type { SocialConnector, SocialConnectorCreate } from "../types";

/** A verify token nobody has to invent: 24 random bytes, URL-safe. */
function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

interface Created {
  connector: SocialConnector;
  verifyToken: string;
}

function ConnectorForm(props: {
  connector: SocialConnector | null;
  onDone: (created?: Created) => void;
}) {
  const { t } = useTranslation("social");
  const save = useSaveConnector();
  const remove = useDeleteConnector();
  const notify = useNotify();
  const c = props.connector;
  const form = useForm({
    initialValues: {
      name: c?.name ?? "",
      platform: (c?.platform ?? "facebook") as SocialConnectorCreate["platform"],
      account_id: c?.account_id ?? "",
      account_handle: c?.account_handle ?? "",
      api_base_url: c?.api_base_url ?? "",
      app_secret: "",
      verify_token: c ? "" : randomToken(),
      access_token: "",
      enabled: c?.enabled ?? true,
    },
    validate: { name: (v) => (v.trim() ? null : t("settings.required")) },
  });
  const submit = form.onSubmit((v) => {
    // Secrets left blank when editing keep the stored ones.
    const secrets = Object.fromEntries(
      (["app_secret", "verify_token", "access_token"] as const)
        .filter((k) => v[k] !== "")
        .map((k) => [k, v[k]]),
    );
    const common = {
      name: v.name.trim(),
      account_id: v.account_id.trim(),
      account_handle: v.account_handle.trim() || null,
      api_base_url: v.api_base_url.trim() || null,
      enabled: v.enabled,
      ...secrets,
    };
    save.mutate(
      { id: c?.id, version: c?.version, body: c ? common : { ...common, platform: v.platform } },
      {
        onSuccess: (saved) => {
          notify.success(t("settings.saved"));
          props.onDone(c ? undefined : { connector: saved, verifyToken: v.verify_token });
        },
        onError: formErrorHandler(t, form, notify),
      },
    );
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            label={t("settings.name")}
            required
            data-autofocus
            {...form.getInputProps("name")}
          />
          <Select
            label={t("filter.platform")}
            data={PLATFORMS.map((p) => ({ value: p, label: t(`platform.${p}`) }))}
            allowDeselect={false}
            disabled={Boolean(c)}
            {...form.getInputProps("platform")}
          />
          <TextInput
            label={t("settings.connectors.accountId")}
            description={t("settings.connectors.accountIdHint")}
            {...form.getInputProps("account_id")}
          />
          <TextInput
            label={t("settings.connectors.handle")}
            {...form.getInputProps("account_handle")}
          />
        </SimpleGrid>
        <TextInput
          label={t("settings.connectors.apiBase")}
          description={t("settings.connectors.apiBaseHint")}
          placeholder="https://graph.facebook.com/v21.0"
          {...form.getInputProps("api_base_url")}
        />
        {c && (
          <Text size="sm" c="dimmed">
            {t("settings.connectors.secretsKept")}
          </Text>
        )}
        <PasswordInput
          label={t("settings.connectors.appSecret")}
          description={t("settings.connectors.appSecretHint")}
          autoComplete="off"
          {...form.getInputProps("app_secret")}
        />
        <PasswordInput
          label={t("settings.connectors.verifyToken")}
          autoComplete="off"
          {...form.getInputProps("verify_token")}
        />
        <PasswordInput
          label={t("settings.connectors.accessToken")}
          description={t("settings.connectors.accessTokenHint")}
          autoComplete="off"
          {...form.getInputProps("access_token")}
        />
        <Switch
          label={t("settings.enabled")}
          {...form.getInputProps("enabled", { type: "checkbox" })}
        />
        <Group justify="space-between">
          {c ? (
            <Button
              color="red"
              variant="subtle"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(c.id, { onSuccess: () => props.onDone(), onError: notify.error })
              }
            >
              {t("settings.connectors.disconnect")}
            </Button>
          ) : (
            <span />
          )}
          <Button type="submit" loading={save.isPending}>
            {t("settings.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Shown once after connecting: where the platform sends deliveries, and the verify token. */
function ConnectedNotice({ created, onClose }: { created: Created; onClose: () => void }) {
  const { t } = useTranslation("social");
  const url = `${location.origin}${created.connector.webhook_path}`;
  return (
    <Alert
      color="teal"
      title={t("settings.connectors.connected")}
      withCloseButton
      onClose={onClose}
      closeButtonLabel={t("common:close")}
    >
      <Stack gap="xs">
        <Text size="sm">{t("settings.connectors.onceHint")}</Text>
        {[
          [t("settings.connectors.callback"), url],
          [t("settings.connectors.verifyToken"), created.verifyToken],
        ].map(([label, value]) => (
          <Group key={label} gap="xs" wrap="nowrap">
            <Text size="sm" fw={600} style={{ flexShrink: 0 }}>
              {label}
            </Text>
            <Code style={{ overflowWrap: "anywhere" }} data-testid="connector-once">
              {value}
            </Code>
            <CopyButton value={value ?? ""}>
              {({ copied, copy }) => (
                <Button size="compact-xs" variant="default" onClick={copy}>
                  {copied ? t("settings.copied") : t("settings.copy")}
                </Button>
              )}
            </CopyButton>
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}

export function ConnectorsTab() {
  const { t } = useTranslation("social");
  const fmt = useFormat();
  const connectors = useConnectors();
  const [editing, setEditing] = useState<SocialConnector | "new" | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t("settings.connectors.intro")}
        </Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing("new")}>
          {t("settings.connectors.new")}
        </Button>
      </Group>
      {created && <ConnectedNotice created={created} onClose={() => setCreated(null)} />}
      <RecordTable
        rows={connectors.data}
        minWidth={640}
        highlightOnHover
        columns={[
          {
            header: t("settings.name"),
            cell: (c) => (
              <>
                <EditNameButton onClick={() => setEditing(c)}>{c.name}</EditNameButton>
                {!c.enabled && (
                  <Badge color="gray" ml="xs">
                    {t("settings.disabled")}
                  </Badge>
                )}
              </>
            ),
          },
          { header: t("filter.platform"), cell: (c) => t(`platform.${c.platform}`) },
          {
            header: t("settings.connectors.secrets"),
            cell: (c) => (
              <Group gap={4}>
                {(["has_app_secret", "has_verify_token", "has_access_token"] as const).map((k) => (
                  <Badge key={k} size="sm" variant="light" color={c[k] ? "teal" : "gray"}>
                    {t(`settings.connectors.${k}`)}
                  </Badge>
                ))}
              </Group>
            ),
          },
          {
            header: t("settings.connectors.lastDelivery"),
            cell: (c) =>
              c.last_error ? (
                <Text size="sm" c="red.8">
                  {c.last_error}
                </Text>
              ) : (
                fmt.relative(c.last_delivery_at) || "—"
              ),
          },
        ]}
      />
      <EditorModal
        editing={editing}
        onClose={() => setEditing(null)}
        newTitle={t("settings.connectors.new")}
        editTitle={t("settings.connectors.edit")}
      >
        {(record) => (
          <ConnectorForm
            connector={record}
            onDone={(made) => {
              setEditing(null);
              if (made) setCreated(made);
            }}
          />
        )}
      </EditorModal>
    </Stack>
  );
}
