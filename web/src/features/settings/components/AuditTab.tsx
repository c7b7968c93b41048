import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
} from "@mantine/core";
import { IconShieldCheck } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage } from "../../../ui/errors";
import { LoadMore } from "../../../ui/list/LoadMore";
import { useAuditLog, useVerifyAudit } from "../hooks/useSettings";

const ACTIONS = [
  "create",
  "update",
  "delete",
  "restore",
  "complete",
  "move",
  "login",
  "logout",
  "login_failed",
  "permission_denied",
];
const OBJECTS = [
  "people",
  "companies",
  "deals",
  "activities",
  "tasks",
  "users",
  "teams",
  "tokens",
  "custom_fields",
  "pipelines",
];

export function AuditTab() {
  const { t } = useTranslation("settings");
  const fmt = useFormat();
  const errorText = useErrorMessage();
  const [action, setAction] = useState<string | null>(null);
  const [objectType, setObjectType] = useState<string | null>(null);
  const log = useAuditLog({ action: action ?? undefined, object_type: objectType ?? undefined });
  const verify = useVerifyAudit();

  return (
    <Stack>
      <Group align="flex-end" justify="space-between">
        <Group align="flex-end">
          <Select
            label={t("audit.action")}
            data={ACTIONS}
            value={action}
            onChange={setAction}
            clearable
            w={200}
          />
          <Select
            label={t("audit.object")}
            data={OBJECTS}
            value={objectType}
            onChange={setObjectType}
            clearable
            w={200}
          />
        </Group>
        <Button
          variant="default"
          leftSection={<IconShieldCheck size={18} aria-hidden />}
          loading={verify.isPending}
          onClick={() => verify.mutate()}
        >
          {t("audit.verify")}
        </Button>
      </Group>
      {verify.data && (
        <Alert color={verify.data.ok ? "green" : "red"} c="dark" role="status">
          {verify.data.ok
            ? t("audit.ok", { count: verify.data.checked })
            : t("audit.broken", { seq: verify.data.first_bad_seq ?? "?" })}
        </Alert>
      )}
      {log.isError && <Alert color="red">{errorText(log.error)}</Alert>}
      <Paper withBorder radius="md" style={{ overflowX: "auto" }}>
        <Table verticalSpacing="xs" miw={720}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("audit.when")}</Table.Th>
              <Table.Th>{t("audit.who")}</Table.Th>
              <Table.Th>{t("audit.action")}</Table.Th>
              <Table.Th>{t("audit.object")}</Table.Th>
              <Table.Th>{t("audit.changes")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {log.items.map((e) => (
              <Table.Tr key={e.seq}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{fmt.dateTime(e.occurred_at)}</Table.Td>
                <Table.Td>{e.actor_email ?? "—"}</Table.Td>
                <Table.Td>
                  <Badge
                    variant="light"
                    color={e.action === "permission_denied" ? "red" : "gray"}
                    c={e.action === "permission_denied" ? "red.9" : "gray.9"}
                    tt="none"
                  >
                    {e.action}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{e.object_type}</Text>
                </Table.Td>
                <Table.Td maw={360}>
                  <Code style={{ whiteSpace: "pre-wrap", wordBreak: "break-all", fontSize: 11 }}>
                    {Object.keys(e.changes ?? {}).length
                      ? JSON.stringify(e.changes).slice(0, 240)
                      : ""}
                  </Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <LoadMore
        hasNextPage={log.hasNextPage}
        isFetchingNextPage={log.isFetchingNextPage}
        fetchNextPage={() => void log.fetchNextPage()}
        shown={log.items.length}
      />
    </Stack>
  );
}
