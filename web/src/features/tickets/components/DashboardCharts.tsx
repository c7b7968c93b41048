import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import { SimpleGrid } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CsatReport, TicketDashboard } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { ChartCard } from "../../../ui/ChartCard";

/** Open tickets per queue (unassigned and breached beside), and CSAT per agent and queue. */
export default function DashboardCharts(props: { dashboard: TicketDashboard; csat?: CsatReport }) {
  const { t } = useTranslation("tickets");
  const fmt = useFormat();
  const queues = props.dashboard.open_by_queue.map((q) => ({
    queue: q.name ?? t("dashboard.noQueue"),
    [t("dashboard.open")]: q.open,
    [t("dashboard.unassigned")]: q.unassigned,
    [t("dashboard.breachedOpen")]: q.breached,
  }));
  const csat = (groups: CsatReport["by_agent"], none: string) =>
    groups.map((g) => ({ name: g.name ?? none, [t("dashboard.average")]: g.average ?? 0 }));
  const chart = (
    title: string,
    data: Record<string, string | number>[],
    key: string,
    series: { name: string; color: string }[],
    max?: number,
  ) => (
    <ChartCard title={title} empty={data.length === 0} emptyText={t("dashboard.noData")}>
      <BarChart
        h={220}
        data={data}
        dataKey={key}
        series={series}
        valueFormatter={(v) => fmt.number(v)}
        yAxisProps={max ? { domain: [0, max] } : undefined}
        withLegend={series.length > 1}
        tickLine="y"
      />
    </ChartCard>
  );
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
      {chart(t("dashboard.byQueue"), queues, "queue", [
        { name: t("dashboard.open"), color: "brand.6" },
        { name: t("dashboard.unassigned"), color: "blue.6" },
        { name: t("dashboard.breachedOpen"), color: "red.7" },
      ])}
      {chart(
        t("dashboard.csatAgents"),
        csat(props.csat?.by_agent ?? [], t("unassigned")),
        "name",
        [{ name: t("dashboard.average"), color: "teal.6" }],
        5,
      )}
      {chart(
        t("dashboard.csatQueues"),
        csat(props.csat?.by_queue ?? [], t("dashboard.noQueue")),
        "name",
        [{ name: t("dashboard.average"), color: "grape.6" }],
        5,
      )}
    </SimpleGrid>
  );
}
