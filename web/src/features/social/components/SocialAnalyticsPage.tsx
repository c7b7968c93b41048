import {
  Alert,
  Anchor,
  Group,
  MultiSelect,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { lazy, Suspense, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage } from "../../../ui/errors";
import { useSocialAlerts, useSocialAnalytics } from "../hooks/useSocial";
import { PLATFORMS } from "../options";
import type { SocialAnalytics } from "../types";

const AnalyticsCharts = lazy(() => import("./AnalyticsCharts"));
const RANGES = ["7", "30", "90"] as const;

function Stat(props: { label: string; value: string; testId?: string }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Text size="sm" c="dimmed">
        {props.label}
      </Text>
      <Text fw={700} size="xl" className="tabular" data-testid={props.testId}>
        {props.value}
      </Text>
    </Paper>
  );
}

function Tables({ data }: { data: SocialAnalytics }) {
  const { t } = useTranslation("social");
  const fmt = useFormat();
  const pct = (v: number) => `${fmt.number(Math.round(v * 100))}%`;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Paper
        withBorder
        radius="md"
        p="md"
        component="section"
        aria-label={t("analytics.campaigns")}
      >
        <Title order={2} size="h4" mb="sm">
          {t("analytics.campaigns")}
        </Title>
        <Table.ScrollContainer minWidth={380}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("analytics.hashtag")}</Table.Th>
                <Table.Th ta="right">{t("analytics.posts")}</Table.Th>
                <Table.Th ta="right">{t("analytics.engagementCol")}</Table.Th>
                <Table.Th ta="right">{t("analytics.negativeShare")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.hashtags.slice(0, 10).map((h) => (
                <Table.Tr key={h.hashtag}>
                  <Table.Td>#{h.hashtag.replace(/^#/, "")}</Table.Td>
                  <Table.Td ta="right" className="tabular">
                    {fmt.number(h.posts)}
                  </Table.Td>
                  <Table.Td ta="right" className="tabular">
                    {fmt.number(h.likes + h.shares + h.replies)}
                  </Table.Td>
                  <Table.Td ta="right" className="tabular">
                    {pct(h.negative_share)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {data.hashtags.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("analytics.noData")}
          </Text>
        )}
      </Paper>
      <Paper withBorder radius="md" p="md" component="section" aria-label={t("analytics.teams")}>
        <Title order={2} size="h4" mb="sm">
          {t("analytics.teams")}
        </Title>
        <Table.ScrollContainer minWidth={380}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("filter.team")}</Table.Th>
                <Table.Th ta="right">{t("analytics.posts")}</Table.Th>
                <Table.Th ta="right">{t("analytics.answered")}</Table.Th>
                <Table.Th ta="right">{t("analytics.median")}</Table.Th>
                <Table.Th ta="right">{t("status.done")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.response_times.map((r) => (
                <Table.Tr key={r.team_id ?? "none"}>
                  <Table.Td>{r.team ?? t("noTeam")}</Table.Td>
                  <Table.Td ta="right" className="tabular">
                    {fmt.number(r.posts)}
                  </Table.Td>
                  <Table.Td ta="right" className="tabular">
                    {fmt.number(r.answered)}
                  </Table.Td>
                  <Table.Td ta="right" className="tabular">
                    {r.median_first_response_minutes === null
                      ? "—"
                      : fmt.duration(r.median_first_response_minutes * 60)}
                  </Table.Td>
                  <Table.Td ta="right" className="tabular">
                    {fmt.number(r.done)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </SimpleGrid>
  );
}

function AlertFirings() {
  const { t } = useTranslation("social");
  const fmt = useFormat();
  const alerts = useSocialAlerts();
  const rows = alerts.data ?? [];
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={t("analytics.alerts")}>
      <Title order={2} size="h4" mb="sm">
        {t("analytics.alerts")}
      </Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("analytics.noAlerts")}
        </Text>
      ) : (
        <Stack gap={4} component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {rows.slice(0, 10).map((a) => (
            <Text key={a.id} component="li" size="sm">
              {t("analytics.alertLine", {
                when: fmt.dateTime(a.fired_at),
                share: fmt.number(Math.round(a.negative_share * 100)),
                negatives: a.negatives,
                mentions: a.mentions,
                threshold: fmt.number(Math.round(a.threshold * 100)),
              })}
            </Text>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

/** Mention volume, sentiment, share of voice, topics and teams' response, over a chosen range. */
export function SocialAnalyticsPage() {
  const { t } = useTranslation("social");
  const fmt = useFormat();
  const errorText = useErrorMessage();
  const [search, setSearch] = useSearchParams();
  const days = (RANGES as readonly string[]).includes(search.get("days") ?? "")
    ? (search.get("days") as string)
    : "30";
  const platforms = (search.get("platform") ?? "")
    .split(",")
    .filter((p) => (PLATFORMS as readonly string[]).includes(p));
  // Whole days, so the query key (and the cache) stays the same within a day.
  const since = useMemo(() => {
    const d = new Date();
    d.setHours(0, 0, 0, 0);
    d.setDate(d.getDate() - Number(days) + 1);
    return d.toISOString();
  }, [days]);
  const analytics = useSocialAnalytics({ since, platform: platforms });
  const set = (key: string, value: string) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const d = analytics.data;
  const negatives = d?.sentiment.reduce((n, x) => n + x.negative, 0) ?? 0;

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/social" size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={16} aria-hidden />
          {t("backToInbox")}
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          {t("analytics.title")}
        </Title>
        <Group gap="xs" align="flex-end">
          <SegmentedControl
            aria-label={t("analytics.range")}
            value={days}
            onChange={(v) => set("days", v === "30" ? "" : v)}
            data={RANGES.map((r) => ({
              value: r,
              label: t("analytics.days", { count: Number(r) }),
            }))}
          />
          <MultiSelect
            aria-label={t("filter.platform")}
            placeholder={platforms.length ? undefined : t("analytics.allPlatforms")}
            data={PLATFORMS.map((p) => ({ value: p, label: t(`platform.${p}`) }))}
            value={platforms}
            onChange={(v) => set("platform", v.join(","))}
            clearable
            w={220}
          />
        </Group>
      </Group>
      {analytics.isError && (
        <Alert color="red" role="alert">
          {errorText(analytics.error)}
        </Alert>
      )}
      {!d ? (
        <Skeleton height={240} radius="md" />
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
            <Stat
              label={t("analytics.posts")}
              value={fmt.number(d.engagement.posts)}
              testId="stat-posts"
            />
            <Stat
              label={t("analytics.negativeShare")}
              value={`${fmt.number(d.engagement.posts ? Math.round((negatives / d.engagement.posts) * 100) : 0)}%`}
            />
            <Stat label={t("analytics.likes")} value={fmt.number(d.engagement.likes)} />
            <Stat label={t("analytics.shares")} value={fmt.number(d.engagement.shares)} />
            <Stat label={t("analytics.replies")} value={fmt.number(d.engagement.replies)} />
            <Stat
              label={t("analytics.perPost")}
              value={fmt.number(d.engagement.average_per_post)}
            />
          </SimpleGrid>
          <Suspense fallback={<Skeleton height={260} radius="md" />}>
            <AnalyticsCharts data={d} />
          </Suspense>
          <Tables data={d} />
        </>
      )}
      <AlertFirings />
    </Stack>
  );
}
