import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import { Paper, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { PipelineSummary } from "../../../api/types";
import { useFormat } from "../../../i18n/format";

const COLORS = ["brand.6", "grape.6", "orange.6", "blue.6", "pink.6"];

/** Open value per stage, one bar per currency (taka and rupees are never added up). */
export default function PipelineChart({ summary }: { summary: PipelineSummary }) {
  const { t } = useTranslation("deals");
  const fmt = useFormat();
  const currencies = [...new Set(summary.stages.flatMap((s) => s.totals.map((x) => x.currency)))];
  const data = summary.stages.map((s) => ({
    stage: s.name,
    ...Object.fromEntries(
      currencies.map((c) => [c, Number(s.totals.find((x) => x.currency === c)?.amount ?? 0)]),
    ),
  }));
  return (
    <Paper withBorder radius="md" p="md" role="figure" aria-label={t("chartTitle")}>
      <Text fw={600} mb="sm">
        {t("chartTitle")}
      </Text>
      <BarChart
        h={240}
        data={data}
        dataKey="stage"
        series={currencies.map((c, i) => ({
          name: c,
          color: COLORS[i % COLORS.length] ?? "gray.6",
        }))}
        valueFormatter={(value) => fmt.number(Math.round(value))}
        withLegend
        tickLine="y"
      />
    </Paper>
  );
}
