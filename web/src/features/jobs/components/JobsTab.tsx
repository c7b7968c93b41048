import {
  Alert,
  Badge,
  Button,
  Code,
  Drawer,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
  VisuallyHidden,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconAlertTriangle, IconRefresh } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Job } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage, useNotify } from "../../../ui/errors";
import { LoadMore } from "../../../ui/list/LoadMore";
import {
  JOB_STATUSES,
  type JobStatus,
  useJob,
  useJobSummary,
  useJobs,
  useReplayJob,
} from "../hooks/useJobs";
import classes from "./JobsTab.module.css";

const COLOR: Record<string, string> = {
  dead: "red",
  retrying: "orange",
  queued: "blue",
  running: "teal",
  done: "green",
};

export function StatusBadge(props: { status: string }) {
  const { t } = useTranslation("automation");
  const color = COLOR[props.status] ?? "gray";
  return (
    <Badge variant="light" color={color} tt="none">
      {t(`jobs.status.${props.status}`, { defaultValue: props.status })}
    </Badge>
  );
}

function firstLine(text: string | null | undefined): string {
  if (!text) return "";
  const lines = text.trim().split("\n");
  // A traceback's last line says what went wrong.
  return (lines.length > 1 ? lines[lines.length - 1] : lines[0]) ?? "";
}

function ReplayButton(props: { job: Job; size?: "xs" | "sm" }) {
  const { t } = useTranslation("automation");
  const replay = useReplayJob();
  const notify = useNotify();
  return (
    <Button
      size={props.size ?? "sm"}
      color="red.9"
      variant="filled"
      leftSection={<IconRefresh size={16} aria-hidden />}
      loading={replay.isPending}
      aria-label={t("jobs.replayJob", { kind: props.job.kind })}
      onClick={(event) => {
        event.stopPropagation();
        replay.mutate(props.job.id, {
          onSuccess: () => notify.success(t("jobs.replayed", { kind: props.job.kind })),
          onError: notify.error,
        });
      }}
    >
      {t("jobs.replay")}
    </Button>
  );
}

function JobDetails(props: { id: string; fallback: Job | undefined }) {
  const { t } = useTranslation("automation");
  const fmt = useFormat();
  const errorText = useErrorMessage();
  const query = useJob(props.id);
  const job = query.data ?? props.fallback;
  if (!job) return query.isError ? <Alert color="red">{errorText(query.error)}</Alert> : null;
  const rows: [string, string][] = [
    [t("jobs.kind"), job.kind],
    [t("jobs.key"), job.key ?? "—"],
    [t("jobs.attempts"), t("jobs.attemptsOf", { n: job.attempts, max: job.max_attempts })],
    [t("jobs.runAt"), fmt.dateTime(job.run_at)],
    [t("jobs.created"), fmt.dateTime(job.created_at)],
    [t("jobs.updated"), fmt.dateTime(job.updated_at)],
    [t("jobs.finished"), job.finished_at ? fmt.dateTime(job.finished_at) : "—"],
  ];
  return (
    <Stack>
      <Group justify="space-between">
        <StatusBadge status={job.status} />
        {job.status === "dead" && <ReplayButton job={job} />}
      </Group>
      <Table variant="vertical" layout="fixed" withTableBorder>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={140}>{label}</Table.Th>
              <Table.Td style={{ wordBreak: "break-all" }}>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={3} size="h5">
        {t("jobs.lastError")}
      </Title>
      {job.last_error ? (
        <Code block className={classes.code} data-testid="job-error">
          {job.last_error}
        </Code>
      ) : (
        <Text c="dimmed" size="sm">
          {t("jobs.noError")}
        </Text>
      )}
      <Title order={3} size="h5">
        {t("jobs.payload")}
      </Title>
      <Code block className={classes.code}>
        {JSON.stringify(job.payload, null, 2)}
      </Code>
    </Stack>
  );
}

/** Settings → Background jobs: what is queued, what is retrying, and the dead letters. */
export function JobsTab() {
  const { t } = useTranslation("automation");
  const fmt = useFormat();
  const errorText = useErrorMessage();
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const [status, setStatus] = useState<JobStatus | null>(null);
  const [kind, setKind] = useState<string | null>(null);
  // The job's kind is kept for the drawer's title: a replayed job leaves the filtered list.
  const [opened, setOpened] = useState<{ id: string; kind: string } | null>(null);
  const openId = opened?.id ?? null;
  const summary = useJobSummary();
  const jobs = useJobs({ status, kind });
  const counts = summary.data?.counts ?? {};
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const dead = counts.dead ?? 0;
  const open = jobs.items.find((j) => j.id === openId);

  const statusCard = (value: JobStatus | null, count: number) => {
    const key = value ?? "all";
    const pressed = status === value;
    return (
      <UnstyledButton
        key={key}
        className={classes.card}
        data-status={key}
        data-pressed={pressed || undefined}
        data-alert={(value === "dead" && count > 0) || undefined}
        aria-pressed={pressed}
        onClick={() => setStatus(value)}
      >
        <Text size="xs" fw={600} tt="uppercase" className={classes.cardLabel}>
          {value === "dead" ? t("jobs.deadLetters") : t(`jobs.status.${key}`)}
        </Text>
        <Text fz={26} fw={700} lh={1.2}>
          {summary.isPending ? "…" : fmt.number(count)}
        </Text>
      </UnstyledButton>
    );
  };

  return (
    <Stack>
      {dead > 0 && status !== "dead" && (
        <Alert
          color="red"
          c="dark"
          icon={<IconAlertTriangle aria-hidden />}
          title={t("jobs.deadTitle", { count: dead })}
        >
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t("jobs.deadBody")}</Text>
            <Button size="xs" color="red.9" onClick={() => setStatus("dead")}>
              {t("jobs.showDead")}
            </Button>
          </Stack>
        </Alert>
      )}
      {summary.isError && <Alert color="red">{errorText(summary.error)}</Alert>}
      <SimpleGrid cols={{ base: 2, xs: 3, md: 6 }} spacing="sm">
        {statusCard(null, total)}
        {JOB_STATUSES.map((s) => statusCard(s, counts[s] ?? 0))}
      </SimpleGrid>
      <Group align="flex-end">
        <Select
          label={t("jobs.kind")}
          placeholder={t("jobs.allKinds")}
          data={summary.data?.kinds ?? []}
          value={kind}
          onChange={setKind}
          clearable
          searchable
          w={phone ? "100%" : 280}
        />
      </Group>
      {jobs.isError && <Alert color="red">{errorText(jobs.error)}</Alert>}
      {jobs.isSuccess && jobs.items.length === 0 && (
        <Text c="dimmed" py="md" ta="center">
          {status === "dead" ? t("jobs.noDead") : t("jobs.none")}
        </Text>
      )}
      {phone ? (
        <Stack gap="xs" component="ul" className={classes.cards}>
          {jobs.items.map((job) => (
            <li key={job.id}>
              <Paper withBorder radius="md" p="sm">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <UnstyledButton
                    onClick={() => setOpened({ id: job.id, kind: job.kind })}
                    className={classes.rowButton}
                    aria-label={t("jobs.open", { kind: job.kind })}
                  >
                    <Text fw={600} size="sm" truncate>
                      {job.kind}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {fmt.relative(job.updated_at)} ·{" "}
                      {t("jobs.attemptsOf", { n: job.attempts, max: job.max_attempts })}
                    </Text>
                  </UnstyledButton>
                  <StatusBadge status={job.status} />
                </Group>
                {job.last_error && (
                  <Text size="xs" c="red.9" lineClamp={2} mt={4}>
                    {firstLine(job.last_error)}
                  </Text>
                )}
                {job.status === "dead" && (
                  <Group justify="flex-end" mt="xs">
                    <ReplayButton job={job} size="xs" />
                  </Group>
                )}
              </Paper>
            </li>
          ))}
        </Stack>
      ) : (
        jobs.items.length > 0 && (
          <Paper withBorder radius="md" style={{ overflowX: "auto" }}>
            <Table verticalSpacing="xs" highlightOnHover miw={820}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("jobs.kind")}</Table.Th>
                  <Table.Th>{t("jobs.statusLabel")}</Table.Th>
                  <Table.Th>{t("jobs.attempts")}</Table.Th>
                  <Table.Th>{t("jobs.runAt")}</Table.Th>
                  <Table.Th>{t("jobs.updated")}</Table.Th>
                  <Table.Th>{t("jobs.lastError")}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t("jobs.actions")}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {jobs.items.map((job) => (
                  <Table.Tr key={job.id} data-testid={`job-${job.id}`}>
                    <Table.Td>
                      <UnstyledButton
                        onClick={() => setOpened({ id: job.id, kind: job.kind })}
                        className={classes.rowButton}
                        aria-label={t("jobs.open", { kind: job.kind })}
                      >
                        <Text size="sm" fw={600} c="brand.9" td="underline">
                          {job.kind}
                        </Text>
                      </UnstyledButton>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={job.status} />
                    </Table.Td>
                    <Table.Td>
                      {t("jobs.attemptsOf", { n: job.attempts, max: job.max_attempts })}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{fmt.relative(job.run_at)}</Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      {fmt.dateTime(job.updated_at)}
                    </Table.Td>
                    <Table.Td maw={280}>
                      <Text size="xs" c="red.9" truncate title={job.last_error ?? undefined}>
                        {firstLine(job.last_error)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {job.status === "dead" && <ReplayButton job={job} size="xs" />}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )
      )}
      <LoadMore
        hasNextPage={jobs.hasNextPage}
        isFetchingNextPage={jobs.isFetchingNextPage}
        fetchNextPage={() => void jobs.fetchNextPage()}
        shown={jobs.items.length}
      />
      <Drawer
        opened={Boolean(opened)}
        onClose={() => setOpened(null)}
        position={phone ? "bottom" : "right"}
        size={phone ? "90%" : "lg"}
        closeButtonProps={{ "aria-label": t("common:close") }}
        title={opened ? t("jobs.detailTitle", { kind: opened.kind }) : t("jobs.detail")}
      >
        {openId && <JobDetails id={openId} fallback={open} />}
      </Drawer>
    </Stack>
  );
}
