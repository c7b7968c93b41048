import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../i18n/format";
import { useNotify } from "../../../ui/errors";
import type { OutboxEntry, SyncType } from "../db";
import { onSynced } from "../events";
import { loadLocal } from "../fallback";
import type { SyncConflict } from "../transport";
import { loadRuntime } from "./useSyncState";

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) {
    return value
      .map((v) => {
        if (typeof v !== "object" || !v) return String(v);
        const o = v as Record<string, unknown>;
        return String(o.number ?? o.email ?? Object.values(o)[0] ?? "");
      })
      .join(", ");
  }
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const recordPath = (type: string, id: string) =>
  ["people", "companies", "deals"].includes(type) ? `/${type}/${id}` : null;

/** A task's fields, named as the task form names them. */
const TASK_FIELDS: Record<string, string> = {
  title: "title",
  due_at: "dueAt",
  remind_at: "remindAt",
  priority: "priorityLabel",
  notes: "notes",
  done: "doneLabel",
  assignee_id: "assignee",
};

/** Choices the server accepts for each kind of conflict (docs/sync.md). */
const CHOICES: Record<string, string[]> = {
  field: ["device", "server"],
  delete_edited: ["delete", "keep"],
  edit_deleted: ["discard"],
};

function ConflictCard({
  conflict,
  onResolve,
}: {
  conflict: SyncConflict;
  onResolve: (choice: string) => Promise<void>;
}) {
  const { t } = useTranslation(["common", "people", "companies", "deals", "tasks"]);
  const fmt = useFormat();
  const [busy, setBusy] = useState<string | null>(null);
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void loadLocal()
      .then((m) =>
        m.view<Record<string, unknown>>(conflict.object_type as SyncType, conflict.object_id),
      )
      .then((r) => live && setName(String(r?.display_name ?? r?.name ?? r?.title ?? "") || null))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [conflict.object_type, conflict.object_id]);
  const label = (field: string) =>
    ["people", "companies", "deals"].includes(conflict.object_type)
      ? t(`${conflict.object_type}:field.${field}`, { defaultValue: field })
      : conflict.object_type === "tasks" && TASK_FIELDS[field]
        ? t(`tasks:${TASK_FIELDS[field]}`)
        : field;
  const path = recordPath(conflict.object_type, conflict.object_id);
  const fields = Object.entries(conflict.fields as Record<string, Record<string, unknown>>);
  return (
    <Paper withBorder radius="md" p="md" data-testid="sync-conflict">
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Badge color="orange" variant="light">
            {t(`sync.kind.${conflict.kind}`, { defaultValue: conflict.kind })}
          </Badge>
          {path ? (
            <Anchor component={Link} to={path} size="sm">
              {name ??
                t(`sync.type.${conflict.object_type}`, { defaultValue: conflict.object_type })}
            </Anchor>
          ) : (
            <Text size="sm">
              {name ??
                t(`sync.type.${conflict.object_type}`, { defaultValue: conflict.object_type })}
            </Text>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {fmt.relative(conflict.created_at)}
        </Text>
      </Group>
      {fields.length > 0 && (
        <Table layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("sync.field")}</Table.Th>
              <Table.Th>{t("sync.serverValue")}</Table.Th>
              <Table.Th>{t("sync.deviceValue")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {fields.map(([field, values]) => (
              <Table.Tr key={field}>
                <Table.Td>{label(field)}</Table.Td>
                <Table.Td data-testid={`server-${field}`}>{show(values.server)}</Table.Td>
                <Table.Td data-testid={`device-${field}`}>{show(values.device)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group gap="xs" mt="sm">
        {(CHOICES[conflict.kind] ?? ["discard"]).map((choice) => (
          <Button
            key={choice}
            size="xs"
            variant={choice === "device" || choice === "keep" ? "filled" : "default"}
            loading={busy === choice}
            disabled={Boolean(busy)}
            onClick={() => {
              setBusy(choice);
              void onResolve(choice).finally(() => setBusy(null));
            }}
          >
            {t(`sync.choice.${choice}`)}
          </Button>
        ))}
      </Group>
    </Paper>
  );
}

/** Sync conflicts to resolve, and changes the server refused for good. */
export function ConflictsPage() {
  const { t } = useTranslation("common");
  const notify = useNotify();
  const [items, setItems] = useState<SyncConflict[] | null>(null);
  const [rejected, setRejected] = useState<OutboxEntry[]>([]);

  const load = useCallback(async () => {
    const rt = await loadRuntime();
    const [open, refused] = await Promise.all([rt.conflicts(), rt.rejectedEntries()]);
    setItems(open);
    setRejected(refused);
  }, []);
  useEffect(() => {
    void load();
    return onSynced(() => void load());
  }, [load]);

  const resolve = async (id: string, choice: string) => {
    try {
      const rt = await loadRuntime();
      setItems(await rt.resolve(id, choice));
      notify.success(t("sync.resolved"));
    } catch (error) {
      notify.error(error);
    }
  };

  return (
    <Stack gap="md">
      <Title order={1}>{t("sync.conflictsTitle")}</Title>
      <Text c="dimmed">{t("sync.conflictsIntro")}</Text>
      {items && items.length === 0 && rejected.length === 0 && (
        <Alert color="teal">{t("sync.noConflicts")}</Alert>
      )}
      {items?.map((c) => (
        <ConflictCard key={c.id} conflict={c} onResolve={(choice) => resolve(c.id, choice)} />
      ))}
      {rejected.map((entry) => (
        <Paper key={entry.seq} withBorder radius="md" p="md" data-testid="sync-rejected">
          <Group justify="space-between">
            <div>
              <Text fw={600}>
                {t("sync.rejectedTitle", {
                  type: t(`sync.type.${entry.type}`, { defaultValue: entry.type }),
                })}
              </Text>
              <Text size="sm" c="dimmed">
                {entry.detail ?? entry.code}
              </Text>
              <Text size="sm">
                {Object.entries(entry.fields)
                  .filter(([k]) => k !== "id")
                  .map(([k, v]) => `${k}: ${show(v)}`)
                  .join(" · ")}
              </Text>
            </div>
            <Button
              size="xs"
              variant="default"
              onClick={() =>
                void loadRuntime()
                  .then((rt) => rt.discardRejected(entry.seq as number))
                  .then(load)
              }
            >
              {t("sync.choice.discard")}
            </Button>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
