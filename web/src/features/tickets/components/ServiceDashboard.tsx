import {
  Alert,
  Anchor,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage } from "../../../ui/errors";
import { useCsatReport, useTicketDashboard } from "../hooks/useTickets";
import { CsatComments } from "./CsatComments";

const DashboardCharts = lazy(() => import("./DashboardCharts"));

function Stat(props: { label: string; value: string; testId?: string; tone?: string }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Text size="sm" c="dimmed">
        {props.label}
      </Text>
      <Text fw={700} size="xl" className="tabular" c={props.tone} data-testid={props.testId}>
        {props.value}
      </Text>
    </Paper>
  );
}

/** Open by queue, breaches, response and resolution times, CSAT. */
export function ServiceDashboard() {
  const { t } = useTranslation("tickets");
  const fmt = useFormat();
  const dash = useTicketDashboard();
  const csat = useCsatReport();
  const errorText = useErrorMessage();
  const d = dash.data;
  const avg = (v: number | null | undefined) =>
    v === null || v === undefined ? "—" : fmt.number(v);

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/service" size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={16} aria-hidden />
          {t("back")}
        </Group>
      </Anchor>
      <Title order={1} size="h2">
        {t("dashboard.title")}
      </Title>
      {dash.isError && (
        <Alert color="red" role="alert">
          {errorText(dash.error)}
        </Alert>
      )}
      {!d ? (
        <Skeleton height={200} radius="md" />
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          <Stat
            label={t("dashboard.open")}
            value={fmt.number(d.open_by_queue.reduce((n, q) => n + q.open, 0))}
          />
          <Stat label={t("dashboard.unassigned")} value={fmt.number(d.unassigned_open)} />
          <Stat
            label={t("dashboard.breachedOpen")}
            value={fmt.number(d.breached_open)}
            tone={d.breached_open ? "red.8" : undefined}
          />
          <Stat label={t("dashboard.dueSoon")} value={fmt.number(d.due_within_hour)} />
          <Stat label={t("dashboard.breaches30")} value={fmt.number(d.breaches_last_30_days)} />
          <Stat
            label={t("dashboard.firstResponse")}
            value={
              d.median_first_response_seconds === null
                ? "—"
                : fmt.duration(d.median_first_response_seconds)
            }
          />
          <Stat
            label={t("dashboard.resolution")}
            value={
              d.median_resolution_seconds === null ? "—" : fmt.duration(d.median_resolution_seconds)
            }
          />
          <Stat
            label={t("dashboard.csat")}
            value={`${avg(d.csat_average_30_days)} (${fmt.number(d.csat_ratings_30_days)})`}
            testId="dashboard-csat"
          />
        </SimpleGrid>
      )}
      <Suspense fallback={<Skeleton height={260} radius="md" />}>
        {d && <DashboardCharts dashboard={d} csat={csat.data} />}
      </Suspense>
      {csat.data && <CsatComments report={csat.data} />}
    </Stack>
  );
}
