import { Alert, Group, Skeleton, Stack, Text, ThemeIcon, VisuallyHidden } from "@mantine/core";
import { IconArrowBackUp, IconPencil, IconPlus, IconPoint, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { HistoryEntry } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage } from "../../../ui/errors";
import { LoadMore } from "../../../ui/list/LoadMore";
import { useCustomFields } from "../../settings/hooks/useCustomFields";
import { useUserNames } from "../../users/hooks/useUsers";
import { changeRows } from "../history";
import { type HistoryObject, useRecordHistory } from "../hooks/useRecordHistory";
import { HistoryValue } from "./HistoryValue";

const ICONS: Record<string, typeof IconPencil> = {
  create: IconPlus,
  update: IconPencil,
  delete: IconTrash,
  restore: IconArrowBackUp,
};
const VERBS = new Set(["create", "update", "delete", "restore", "complete", "move"]);

/** One change: who, when, and each field's value before → after. */
export function HistoryEntryItem(props: { entry: HistoryEntry; objectType: HistoryObject }) {
  const { t } = useTranslation("records");
  const fmt = useFormat();
  const userName = useUserNames();
  const customFields = useCustomFields(props.objectType);
  const { entry } = props;
  const who = userName(entry.actor_id) || entry.actor_email || t("history.system");
  const rows = changeRows(entry.changes);
  const Icon = ICONS[entry.action] ?? IconPoint;
  const fieldLabel = (field: string) => {
    if (field.startsWith("cf.")) {
      const key = field.slice(3);
      return customFields.data?.find((f) => f.key === key)?.label ?? key;
    }
    return t(`${props.objectType}:field.${field}`, { defaultValue: field.replace(/_/g, " ") });
  };
  const verb = VERBS.has(entry.action) ? entry.action : "other";

  return (
    <Group
      component="li"
      align="flex-start"
      wrap="nowrap"
      gap="sm"
      py="sm"
      style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
      data-testid="history-entry"
    >
      <ThemeIcon variant="light" color={entry.action === "delete" ? "red" : "brand"} radius="xl">
        <Icon size={16} aria-hidden />
      </ThemeIcon>
      <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
            <b>{who}</b> {t(`history.verb.${verb}`, { action: entry.action })}
          </Text>
          <Text
            size="xs"
            c="dimmed"
            component="time"
            dateTime={entry.occurred_at}
            title={fmt.relative(entry.occurred_at)}
            style={{ whiteSpace: "nowrap" }}
          >
            {`${fmt.date(entry.occurred_at)}, ${fmt.time(entry.occurred_at)}`}
          </Text>
        </Group>
        {rows.length > 0 && (
          <Stack component="ul" gap={2} p={0} m={0} style={{ listStyle: "none" }}>
            {rows.map((row) => (
              <Text key={row.field} component="li" size="sm" style={{ overflowWrap: "anywhere" }}>
                <Text span c="dimmed" inherit>
                  {fieldLabel(row.field)}:{" "}
                </Text>
                {row.hasBefore && (
                  <>
                    <Text span td="line-through" c="dimmed" inherit>
                      <HistoryValue field={row.field} value={row.before} />
                    </Text>
                    <span aria-hidden> → </span>
                    <VisuallyHidden>{t("history.changedTo")}</VisuallyHidden>
                  </>
                )}
                <Text span fw={500} inherit>
                  <HistoryValue field={row.field} value={row.after} />
                </Text>
              </Text>
            ))}
          </Stack>
        )}
      </Stack>
    </Group>
  );
}

/** A record's history: who changed what and when, newest first. */
export function RecordHistory(props: { objectType: HistoryObject; id: string }) {
  const { t } = useTranslation("records");
  const errorText = useErrorMessage();
  const history = useRecordHistory(props.objectType, props.id);

  if (history.isPending) return <Skeleton height={120} radius="md" />;
  return (
    <Stack gap={0}>
      {history.isError && (
        <Alert color="red" role="alert">
          {errorText(history.error)}
        </Alert>
      )}
      {history.items.length === 0 && !history.isError ? (
        <Text c="dimmed" size="sm">
          {t("history.empty")}
        </Text>
      ) : (
        <Stack
          component="ol"
          gap={0}
          p={0}
          m={0}
          style={{ listStyle: "none" }}
          aria-label={t("history.title")}
        >
          {history.items.map((entry) => (
            <HistoryEntryItem key={entry.seq} entry={entry} objectType={props.objectType} />
          ))}
        </Stack>
      )}
      {history.hasNextPage && (
        <LoadMore
          hasNextPage={history.hasNextPage}
          isFetchingNextPage={history.isFetchingNextPage}
          fetchNextPage={() => void history.fetchNextPage()}
          shown={0}
        />
      )}
    </Stack>
  );
}
