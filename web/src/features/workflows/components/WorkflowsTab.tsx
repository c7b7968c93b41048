import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Switch,
  Tabs,
  Text,
  Title,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconPencil, IconPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isConflict } from "../../../api/errors";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage, useNotify } from "../../../ui/errors";
import { ConfirmDelete } from "../../settings/components/ConfirmDelete";
import { describeTrigger } from "../describe";
import { useObjectFields } from "../fields";
import {
  useCreateWorkflow,
  useDeleteWorkflow,
  useUpdateWorkflow,
  useWorkflowRuns,
  useWorkflows,
  workflowsKey,
} from "../hooks/useWorkflows";
import type { Workflow, WorkflowInput } from "../types";
import { RunStatus, RunsLog } from "./RunsLog";
import { TestPanel } from "./TestPanel";
import { EMPTY_RULE, WorkflowBuilder } from "./WorkflowBuilder";

type Editing = { mode: "new" } | { mode: "edit"; id: string; tab: "rule" | "test" | "runs" };

function LastRun(props: { workflowId: string; active: boolean }) {
  const { t } = useTranslation("automation");
  const fmt = useFormat();
  // A rule that is on may run at any moment.
  const runs = useWorkflowRuns(props.workflowId, { limit: 1, poll: props.active ? 15_000 : false });
  const last = runs.items[0];
  if (runs.isPending) return null;
  if (!last)
    return (
      <Text size="xs" c="dimmed">
        {t("list.neverRan")}
      </Text>
    );
  return (
    <Group gap={6}>
      <Text size="xs" c="dimmed">
        {t("list.lastRun")}
      </Text>
      <RunStatus status={last.status} />
      <Text size="xs" c="dimmed" component="time" dateTime={last.started_at}>
        {fmt.relative(last.started_at)}
      </Text>
    </Group>
  );
}

function RuleRow(props: { rule: Workflow; onOpen: (tab: "rule" | "test" | "runs") => void }) {
  const { t } = useTranslation("automation");
  const { rule } = props;
  const update = useUpdateWorkflow();
  const remove = useDeleteWorkflow();
  const notify = useNotify();
  const fields = useObjectFields(rule.object_type);
  const fieldLabel = (f: string) => fields.any.find((d) => d.field === f)?.label ?? f;
  const steps = rule.actions.filter((a) => a.type !== "wait").length;

  return (
    <Paper withBorder radius="md" p="md" component="li" data-testid={`workflow-${rule.name}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Switch
          mt={4}
          size="md"
          checked={rule.active}
          disabled={update.isPending}
          aria-label={t("list.activeLabel", { name: rule.name })}
          onChange={(e) => {
            const active = e.currentTarget.checked;
            update.mutate(
              { id: rule.id, version: rule.version, changes: { active } },
              {
                onSuccess: () =>
                  notify.success(
                    active
                      ? t("list.switchedOn", { name: rule.name })
                      : t("list.switchedOff", { name: rule.name }),
                  ),
                onError: notify.error,
              },
            );
          }}
        />
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs">
            <Text fw={600}>{rule.name}</Text>
            <Badge variant="light" color="gray" c="gray.9" tt="none">
              {t(`objects.${rule.object_type}`)}
            </Badge>
            {!rule.active && (
              <Badge variant="outline" color="gray" c="gray.8" tt="none">
                {t("list.off")}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {describeTrigger(t, rule.trigger, fieldLabel)} · {t("list.steps", { count: steps })}
          </Text>
          {rule.description && (
            <Text size="sm" lineClamp={2}>
              {rule.description}
            </Text>
          )}
          <LastRun workflowId={rule.id} active={rule.active} />
        </Stack>
      </Group>
      <Group gap="xs" mt="sm" justify="flex-end">
        <Button size="xs" variant="default" onClick={() => props.onOpen("runs")}>
          {t("list.runs")}
        </Button>
        <Button size="xs" variant="default" onClick={() => props.onOpen("test")}>
          {t("list.test")}
        </Button>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPencil size={14} aria-hidden />}
          onClick={() => props.onOpen("rule")}
          aria-label={t("list.edit", { name: rule.name })}
        >
          {t("list.editShort")}
        </Button>
        <ConfirmDelete
          label={t("list.delete", { name: rule.name })}
          title={t("list.deleteTitle", { name: rule.name })}
          body={t("list.deleteBody")}
          onConfirm={() =>
            remove
              .mutateAsync(rule.id)
              .then(() => notify.success(t("list.deleted", { name: rule.name })))
          }
        />
      </Group>
    </Paper>
  );
}

function toInput(rule: Workflow): WorkflowInput {
  return {
    name: rule.name,
    description: rule.description ?? "",
    object_type: rule.object_type,
    active: rule.active,
    trigger: rule.trigger,
    condition: rule.condition,
    actions: rule.actions,
  };
}

/** Settings → Automation: workflow rules, switched on and off, built, tested, and their runs. */
export function WorkflowsTab() {
  const { t } = useTranslation("automation");
  const errorText = useErrorMessage();
  const notify = useNotify();
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const client = useQueryClient();
  const rules = useWorkflows();
  const create = useCreateWorkflow();
  const update = useUpdateWorkflow();
  const [editing, setEditing] = useState<Editing | null>(null);
  const current =
    editing?.mode === "edit" ? rules.data?.find((w) => w.id === editing.id) : undefined;

  const close = () => {
    setEditing(null);
    // What was seen in the runs log shows in the list too.
    void client.invalidateQueries({ queryKey: workflowsKey });
    create.reset();
    update.reset();
  };

  const save = (input: WorkflowInput) => {
    if (editing?.mode === "edit" && current) {
      update.mutate(
        { id: current.id, version: current.version, changes: input },
        {
          onSuccess: (saved) => {
            notify.success(t("list.saved", { name: saved.name }));
            close();
          },
          onError: (e) => {
            if (isConflict(e)) void rules.refetch();
          },
        },
      );
    } else {
      create.mutate(input, {
        onSuccess: (saved) => {
          notify.success(t("list.created", { name: saved.name }));
          create.reset();
          // Straight to testing it.
          setEditing({ mode: "edit", id: saved.id, tab: "test" });
        },
      });
    }
  };

  const builder = (initial: WorkflowInput, key: string) => (
    <WorkflowBuilder
      key={key}
      initial={initial}
      saving={create.isPending || update.isPending}
      error={editing?.mode === "new" ? create.error : update.error}
      onSave={save}
      onCancel={close}
      submitLabel={editing?.mode === "new" ? t("builder.create") : t("builder.save")}
    />
  );

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Text c="dimmed" size="sm" maw={640}>
          {t("list.intro")}
        </Text>
        <Button
          leftSection={<IconPlus size={18} aria-hidden />}
          onClick={() => setEditing({ mode: "new" })}
        >
          {t("list.new")}
        </Button>
      </Group>
      {rules.isError && <Alert color="red">{errorText(rules.error)}</Alert>}
      {rules.isSuccess && rules.data.length === 0 && (
        <Paper withBorder radius="md" p="lg">
          <Text c="dimmed" ta="center">
            {t("list.empty")}
          </Text>
        </Paper>
      )}
      <Stack gap="sm" component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {(rules.data ?? []).map((rule) => (
          <RuleRow
            key={rule.id}
            rule={rule}
            onOpen={(tab) => setEditing({ mode: "edit", id: rule.id, tab })}
          />
        ))}
      </Stack>

      <Modal
        opened={editing !== null}
        onClose={close}
        size={880}
        fullScreen={phone}
        closeButtonProps={{ "aria-label": t("common:close") }}
        title={
          <Title order={2} size="h4" component="span">
            {current ? t("editor.editTitle", { name: current.name }) : t("editor.newTitle")}
          </Title>
        }
      >
        {editing?.mode === "new" && builder(EMPTY_RULE, "new")}
        {editing?.mode === "edit" && current && (
          <Tabs
            value={editing.tab}
            onChange={(tab) =>
              tab && setEditing({ ...editing, tab: tab as "rule" | "test" | "runs" })
            }
            keepMounted={false}
          >
            <Tabs.List mb="md">
              <Tabs.Tab value="rule">{t("editor.rule")}</Tabs.Tab>
              <Tabs.Tab value="test">{t("editor.test")}</Tabs.Tab>
              <Tabs.Tab value="runs">{t("editor.runs")}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="rule">{builder(toInput(current), current.id)}</Tabs.Panel>
            <Tabs.Panel value="test">
              <TestPanel workflow={current} />
            </Tabs.Panel>
            <Tabs.Panel value="runs">
              <RunsLog workflowId={current.id} />
            </Tabs.Panel>
          </Tabs>
        )}
      </Modal>
    </Stack>
  );
}
