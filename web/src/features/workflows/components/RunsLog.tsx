import { Alert, Anchor, Badge, Group, Paper, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage } from "../../../ui/errors";
import { LoadMore } from "../../../ui/list/LoadMore";
import { useUserNames } from "../../users/hooks/useUsers";
import { withDates, withNames } from "../describe";
import { useWorkflowRuns } from "../hooks/useWorkflows";
import type { Run } from "../types";
import classes from "./Workflows.module.css";

const COLOR: Record<string, string> = {
  done: "green",
  running: "blue",
  waiting: "grape",
  failed: "red",
  loop_stopped: "orange",
  skipped: "gray",
};

const PATHS: Record<string, string> = {
  people: "/people",
  companies: "/companies",
  deals: "/deals",
};

export function RunStatus(props: { status: string }) {
  const { t } = useTranslation("automation");
  const color = COLOR[props.status] ?? "gray";
  return (
    <Badge variant="light" color={color} tt="none">
      {t(`runs.status.${props.status}`, { defaultValue: props.status })}
    </Badge>
  );
}

function RunItem(props: { run: Run }) {
  const { t } = useTranslation("automation");
  const fmt = useFormat();
  const userName = useUserNames();
  const { run } = props;
  const base = PATHS[run.object_type];
  return (
    <Paper withBorder radius="md" p="sm" component="li" data-testid="workflow-run">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          <RunStatus status={run.status} />
          <Text size="sm">
            {t(`runs.events.${run.event_type}`, { defaultValue: run.event_type })}
          </Text>
          {run.object_id &&
            (base ? (
              <Anchor component={Link} to={`${base}/${run.object_id}`} size="sm">
                {t("runs.openRecord")}
              </Anchor>
            ) : (
              <Text size="xs" c="dimmed" ff="monospace">
                {run.object_id}
              </Text>
            ))}
        </Group>
        <Text size="xs" c="dimmed" component="time" dateTime={run.started_at}>
          {fmt.dateTime(run.started_at)}
        </Text>
      </Group>
      {run.steps.length > 0 && (
        <ol className={classes.runSteps}>
          {run.steps.map((step) => (
            <li key={`${step.index}-${step.at}`}>
              <Group gap={6} wrap="nowrap" align="flex-start" mt={6}>
                <Text size="xs" c="dimmed" w={20} ta="right">
                  {step.index + 1}.
                </Text>
                <RunStatus status={step.status} />
                <Text size="sm" style={{ minWidth: 0, wordBreak: "break-word" }}>
                  <b>{t(`action.types.${step.type}`, { defaultValue: step.type })}</b>
                  {step.detail
                    ? ` — ${withDates(withNames(step.detail, userName), fmt.dateTime)}`
                    : ""}
                </Text>
              </Group>
            </li>
          ))}
        </ol>
      )}
    </Paper>
  );
}

/** What the rule did, newest first (refreshed while it is open). */
export function RunsLog(props: { workflowId: string }) {
  const { t } = useTranslation("automation");
  const errorText = useErrorMessage();
  const runs = useWorkflowRuns(props.workflowId, { poll: true });
  return (
    <Stack gap="xs">
      {runs.isError && <Alert color="red">{errorText(runs.error)}</Alert>}
      {runs.isSuccess && runs.items.length === 0 && (
        <Text c="dimmed" size="sm">
          {t("runs.none")}
        </Text>
      )}
      <Stack gap="xs" component="ul" className={classes.runSteps}>
        {runs.items.map((run) => (
          <RunItem key={run.id} run={run} />
        ))}
      </Stack>
      <LoadMore
        hasNextPage={runs.hasNextPage}
        isFetchingNextPage={runs.isFetchingNextPage}
        fetchNextPage={() => void runs.fetchNextPage()}
        shown={runs.items.length}
      />
    </Stack>
  );
}
