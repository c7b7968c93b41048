import "@mantine/charts/styles.css";
import { AreaChart, BarChart, BarsList, DonutChart } from "@mantine/charts";
import { Group, SimpleGrid, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/format";
import { ChartCard } from "../../../ui/ChartCard";
import type { SocialAnalytics } from "../types";

const PALETTE = [
  "brand.6",
  "blue.6",
  "grape.6",
  "orange.6",
  "teal.6",
  "red.6",
  "indigo.6",
  "lime.7",
];

/** Donut with its legend written out (the colours alone do not say which is which). */
function Mix(props: { data: { name: string; value: number }[]; total: number }) {
  const fmt = useFormat();
  const cells = props.data.map((d, i) => ({
    ...d,
    color: PALETTE[i % PALETTE.length] ?? "gray.6",
  }));
  return (
    <Group gap="lg" wrap="nowrap" align="center">
      <DonutChart data={cells} size={140} thickness={22} withTooltip={false} />
      <Stack
        gap={4}
        component="ul"
        style={{ listStyle: "none", padding: 0, margin: 0, minWidth: 0 }}
      >
        {cells.map((c) => (
          <Group key={c.name} component="li" gap={6} wrap="nowrap">
            <span
              aria-hidden
              style={{
                width: 10,
                height: 10,
                borderRadius: 2,
                flexShrink: 0,
                background: `var(--mantine-color-${c.color.replace(".", "-")})`,
              }}
            />
            <Text size="sm" truncate>
              {c.name}
            </Text>
            <Text size="sm" c="dimmed" className="tabular">
              {fmt.number(c.value)} ({fmt.number(Math.round((c.value / (props.total || 1)) * 100))}
              %)
            </Text>
          </Group>
        ))}
      </Stack>
    </Group>
  );
}

/** Volume, sentiment, share of voice, topics, language and intent mix, response times. */
export default function AnalyticsCharts({ data }: { data: SocialAnalytics }) {
  const { t } = useTranslation("social");
  const fmt = useFormat();
  const day = (d: string) => fmt.dayMonth(d);
  const volume = data.volume.map((d) => ({ day: day(d.day), [t("analytics.mentions")]: d.count }));
  const sentiment = data.sentiment.map((d) => ({
    day: day(d.day),
    [t("sentiment.negative")]: d.negative,
    [t("sentiment.neutral")]: d.neutral,
    [t("sentiment.positive")]: d.positive,
  }));
  const voice = data.share_of_voice.map((s) => ({
    term: `${s.term} (${t(`keywordKind.${s.kind}`, { defaultValue: s.kind })})`,
    [t("analytics.mentions")]: s.mentions,
  }));
  const total = data.engagement.posts;
  const languages = data.languages.map((l) => ({
    name: t(`language.${l.term}`, { defaultValue: l.term }),
    value: l.count,
  }));
  const intents = data.intents.map((l) => ({
    name: t(`intent.${l.term}`, { defaultValue: l.term }),
    value: l.count,
  }));
  // A tracked campaign keyword is often also the hashtag: show it once, as the hashtag.
  const tags = new Set(data.top_hashtags.map((h) => h.term.replace(/^#/, "").toLowerCase()));
  const topics = [
    ...data.top_hashtags.map((h) => ({ name: `#${h.term.replace(/^#/, "")}`, value: h.count })),
    ...data.top_keywords
      .filter((k) => !tags.has(k.term.replace(/^#/, "").toLowerCase()))
      .map((k) => ({ name: k.term, value: k.count })),
  ]
    .sort((a, b) => b.value - a.value)
    .slice(0, 10);
  const response = data.response_times
    .filter((r) => r.median_first_response_minutes !== null)
    .map((r) => ({
      team: r.team ?? t("noTeam"),
      [t("analytics.medianMinutes")]: r.median_first_response_minutes ?? 0,
    }));

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <ChartCard
          emptyText={t("analytics.noData")}
          title={t("analytics.volume")}
          empty={volume.length === 0}
          testId="chart-volume"
        >
          <AreaChart
            h={220}
            data={volume}
            dataKey="day"
            series={[{ name: t("analytics.mentions"), color: "brand.6" }]}
            valueFormatter={(v) => fmt.number(v)}
            curveType="monotone"
            tickLine="y"
          />
        </ChartCard>
        <ChartCard
          emptyText={t("analytics.noData")}
          title={t("analytics.sentimentTrend")}
          empty={sentiment.length === 0}
          testId="chart-sentiment"
        >
          <BarChart
            h={220}
            data={sentiment}
            dataKey="day"
            type="stacked"
            series={[
              { name: t("sentiment.negative"), color: "red.7" },
              { name: t("sentiment.neutral"), color: "gray.5" },
              { name: t("sentiment.positive"), color: "teal.6" },
            ]}
            valueFormatter={(v) => fmt.number(v)}
            withLegend
            tickLine="y"
          />
        </ChartCard>
        <ChartCard
          emptyText={t("analytics.noData")}
          title={t("analytics.shareOfVoice")}
          empty={voice.every((v) => !v[t("analytics.mentions")])}
          testId="chart-voice"
        >
          <BarChart
            h={Math.max(160, voice.length * 36)}
            data={voice}
            dataKey="term"
            orientation="vertical"
            series={[{ name: t("analytics.mentions"), color: "indigo.6" }]}
            valueFormatter={(v) => fmt.number(v)}
            yAxisProps={{ width: 140 }}
            gridAxis="none"
          />
        </ChartCard>
        <ChartCard
          emptyText={t("analytics.noData")}
          title={t("analytics.topTopics")}
          empty={topics.length === 0}
          testId="chart-topics"
        >
          <BarsList
            data={topics}
            barsLabel={t("analytics.topic")}
            valueLabel={t("analytics.mentions")}
            valueFormatter={(v) => fmt.number(v)}
            barColor="grape.2"
          />
        </ChartCard>
        <ChartCard
          emptyText={t("analytics.noData")}
          title={t("analytics.languageMix")}
          empty={languages.length === 0}
          testId="chart-languages"
        >
          <Mix data={languages} total={total} />
        </ChartCard>
        <ChartCard
          emptyText={t("analytics.noData")}
          title={t("analytics.intentMix")}
          empty={intents.length === 0}
          testId="chart-intents"
        >
          <Mix data={intents} total={total} />
        </ChartCard>
      </SimpleGrid>
      <ChartCard
        emptyText={t("analytics.noData")}
        title={t("analytics.responseTime")}
        empty={response.length === 0}
        testId="chart-response"
      >
        <BarChart
          h={200}
          data={response}
          dataKey="team"
          series={[{ name: t("analytics.medianMinutes"), color: "orange.6" }]}
          valueFormatter={(v) => fmt.number(v)}
          tickLine="y"
        />
      </ChartCard>
    </Stack>
  );
}
