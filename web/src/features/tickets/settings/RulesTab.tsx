import { ActionIcon, Button, Group, Stack, Switch, Table, Text } from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TicketRule } from "../../../api/types";
import { useNotify } from "../../../ui/errors";
import { EditorModal } from "../../../ui/record/EditorModal";
import { ConfirmDelete } from "../../settings/components/ConfirmDelete";
import { useQueues } from "../hooks/useDeskSetup";
import {
  useDeleteTicketRule,
  useMoveTicketRules,
  useSaveTicketRule,
  useTicketRules,
} from "../hooks/useTicketRules";
import { RuleForm } from "./RuleForm";
import { nextPosition, reorder, ruleSummary } from "./ruleForm";

/** Routing rules, tried top to bottom: the first that matches a new ticket picks its queue. */
export function RulesTab() {
  const { t } = useTranslation("tickets");
  const rules = useTicketRules();
  const queues = useQueues();
  const save = useSaveTicketRule();
  const move = useMoveTicketRules();
  const remove = useDeleteTicketRule();
  const notify = useNotify();
  const [editing, setEditing] = useState<TicketRule | "new" | null>(null);
  const list = rules.data ?? [];
  const queueName = (id: string) => queues.data?.find((q) => q.id === id)?.name;

  const step = (rule: TicketRule, by: -1 | 1) => {
    const moves = reorder(list, rule.id, by).map((m) => ({
      ...m,
      version: list.find((r) => r.id === m.id)?.version ?? 0,
    }));
    if (moves.length) move.mutate(moves, { onError: notify.error });
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start">
        <Text size="sm" maw={560}>
          {t("setup.rules.intro")}
        </Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing("new")}>
          {t("setup.rules.new")}
        </Button>
      </Group>
      {rules.isSuccess && list.length === 0 ? (
        <Text c="dimmed">{t("setup.rules.empty")}</Text>
      ) : (
        <Table.ScrollContainer minWidth={340}>
          <Table highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={60}>{t("setup.rules.order")}</Table.Th>
                <Table.Th>{t("setup.rules.rule")}</Table.Th>
                <Table.Th w={64}>{t("setup.rules.active")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((r, i) => (
                <Table.Tr key={r.id} data-testid={`rule-${r.name}`}>
                  <Table.Td>
                    <Stack gap={2} align="flex-start">
                      <ActionIcon
                        variant="subtle"
                        size={36}
                        disabled={i === 0 || move.isPending}
                        aria-label={t("setup.rules.up", { name: r.name })}
                        onClick={() => step(r, -1)}
                      >
                        <IconArrowUp size={18} aria-hidden />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        size={36}
                        disabled={i === list.length - 1 || move.isPending}
                        aria-label={t("setup.rules.down", { name: r.name })}
                        onClick={() => step(r, 1)}
                      >
                        <IconArrowDown size={18} aria-hidden />
                      </ActionIcon>
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Button variant="subtle" size="compact-sm" px={4} onClick={() => setEditing(r)}>
                      {r.name}
                    </Button>
                    <Text size="sm" px={4}>
                      {ruleSummary(r, t, queueName)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {/* The switch and the delete button share a column: a phone has room for three. */}
                    <Stack gap={6} align="center">
                      <Switch
                        checked={r.enabled}
                        disabled={save.isPending}
                        aria-label={t("setup.rules.activeLabel", { name: r.name })}
                        onChange={(e) =>
                          save.mutate(
                            {
                              id: r.id,
                              version: r.version,
                              body: { enabled: e.currentTarget.checked },
                            },
                            { onError: notify.error },
                          )
                        }
                      />
                      <ConfirmDelete
                        label={t("setup.rules.deleteLabel", { name: r.name })}
                        title={t("setup.rules.deleteTitle")}
                        body={t("setup.rules.deleteBody", { name: r.name })}
                        onConfirm={() => remove.mutateAsync(r.id)}
                      />
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <EditorModal
        editing={editing}
        onClose={() => setEditing(null)}
        newTitle={t("setup.rules.new")}
        editTitle={t("setup.rules.edit")}
      >
        {(record) => (
          <RuleForm rule={record} position={nextPosition(list)} onDone={() => setEditing(null)} />
        )}
      </EditorModal>
    </Stack>
  );
}
