import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconArrowDown, IconArrowUp, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNotify } from "../../../ui/errors";
import { EditorModal } from "../../../ui/record/EditorModal";
import { useRules, useSaveRule } from "../hooks/useSocialSettings";
import type { SocialRule } from "../types";
import { RuleForm } from "./RuleForm";
import { conditionParts } from "./ruleDraft";

const VALUE_PREFIX: Record<string, string> = {
  platforms: "platform",
  kinds: "kind",
  languages: "language",
  sentiments: "sentiment",
  intents: "intent",
  priorities: "priority",
  keyword_kinds: "keywordKind",
};

/** Routing rules in the order they are tried: conditions → actions, each editable. */
export function RulesTab() {
  const { t } = useTranslation("social");
  const rules = useRules();
  const save = useSaveRule();
  const notify = useNotify();
  const phone = useMediaQuery("(max-width: 48em)");
  const [editing, setEditing] = useState<SocialRule | "new" | null>(null);
  const rows = rules.data ?? [];
  const summary = (r: SocialRule) => {
    const parts = conditionParts(r.conditions).map(({ field, values }) => {
      const prefix = VALUE_PREFIX[field];
      const shown = prefix ? values.map((v) => t(`${prefix}.${v}`, { defaultValue: v })) : values;
      return `${t(`settings.rules.cond.${field}`)}: ${shown.join(", ")}`;
    });
    return parts.join(" · ") || t("settings.rules.always");
  };
  const actions = (r: SocialRule) =>
    r.actions
      .map(
        (a) =>
          `${t(`action.${a.type}`)}${a.team ? ` → ${a.team}` : a.queue ? ` → ${a.queue}` : ""}`,
      )
      .join(", ");
  const patch = (r: SocialRule, body: { enabled?: boolean; position?: number }) =>
    save.mutate({ id: r.id, version: r.version, body }, { onError: notify.error });

  const arrows = (r: SocialRule, i: number) => (
    <Group gap={2} wrap="nowrap">
      <ActionIcon
        variant="subtle"
        aria-label={t("settings.rules.up", { name: r.name })}
        disabled={i === 0 || save.isPending}
        onClick={() => patch(r, { position: Math.max(0, (rows[i - 1]?.position ?? 0) - 1) })}
      >
        <IconArrowUp size={16} aria-hidden />
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        aria-label={t("settings.rules.down", { name: r.name })}
        disabled={i === rows.length - 1 || save.isPending}
        onClick={() => patch(r, { position: (rows[i + 1]?.position ?? r.position) + 1 })}
      >
        <IconArrowDown size={16} aria-hidden />
      </ActionIcon>
    </Group>
  );
  const toggle = (r: SocialRule) => (
    <Switch
      checked={r.enabled}
      aria-label={t("settings.rules.enable", { name: r.name })}
      onChange={(e) => patch(r, { enabled: e.currentTarget.checked })}
    />
  );
  const name = (r: SocialRule) => (
    <>
      <Anchor
        component="button"
        type="button"
        fw={600}
        size="sm"
        ta="left"
        onClick={() => setEditing(r)}
      >
        {r.name}
      </Anchor>
      {r.is_default && (
        <Badge size="xs" variant="light" color="gray" ml={4}>
          {t("settings.rules.default")}
        </Badge>
      )}
    </>
  );

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t("settings.rules.intro")}
        </Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing("new")}>
          {t("settings.rules.new")}
        </Button>
      </Group>
      {phone ? (
        <Stack gap="xs" data-testid="social-rules">
          {rows.map((r, i) => (
            <Paper key={r.id} withBorder radius="md" p="sm">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div style={{ minWidth: 0 }}>{name(r)}</div>
                {toggle(r)}
              </Group>
              <Text size="sm" mt={4}>
                {summary(r)}
              </Text>
              <Text size="sm" c="dimmed">
                → {actions(r)}
              </Text>
              {arrows(r, i)}
            </Paper>
          ))}
        </Stack>
      ) : (
        <Table highlightOnHover data-testid="social-rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("settings.rules.order")}</Table.Th>
              <Table.Th>{t("settings.name")}</Table.Th>
              <Table.Th>{t("settings.rules.conditions")}</Table.Th>
              <Table.Th>{t("settings.rules.actions")}</Table.Th>
              <Table.Th>{t("settings.enabled")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              <Table.Tr key={r.id}>
                <Table.Td>{arrows(r, i)}</Table.Td>
                <Table.Td>{name(r)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{summary(r)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{actions(r)}</Text>
                </Table.Td>
                <Table.Td>{toggle(r)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <EditorModal
        editing={editing}
        onClose={() => setEditing(null)}
        newTitle={t("settings.rules.new")}
        editTitle={t("settings.rules.edit")}
        size="xl"
        fullScreen={phone}
      >
        {(record) => <RuleForm rule={record} onDone={() => setEditing(null)} />}
      </EditorModal>
    </Stack>
  );
}
