import { Alert, Chip, Group, Paper, Skeleton, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import {
  IconArrowBackUp,
  IconBolt,
  IconDeviceMobile,
  IconGitMerge,
  IconId,
  IconMessageCircle,
  IconReceipt,
  IconTargetArrow,
  IconTicket,
  IconTimelineEvent,
  IconUserShare,
  IconWorldWww,
} from "@tabler/icons-react";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage } from "../../../ui/errors";
import { LoadMore } from "../../../ui/list/LoadMore";
import {
  TIMELINE_KINDS,
  type TimelineItem,
  type TimelineKind,
  usePersonTimeline,
} from "../hooks/useProfile";

const ICONS: Record<TimelineKind, typeof IconBolt> = {
  order: IconReceipt,
  refund: IconArrowBackUp,
  activity: IconMessageCircle,
  deal: IconTargetArrow,
  track: IconBolt,
  page: IconWorldWww,
  screen: IconDeviceMobile,
  identify: IconId,
  merge: IconGitMerge,
  ticket: IconTicket,
  social: IconUserShare,
};

const COLORS: Record<TimelineKind, string> = {
  order: "green",
  refund: "orange",
  activity: "blue",
  deal: "grape",
  track: "brand",
  page: "indigo",
  screen: "violet",
  identify: "teal",
  merge: "gray",
  ticket: "red",
  social: "cyan",
};

function Entry(props: { item: TimelineItem }) {
  const { t } = useTranslation("orders");
  const fmt = useFormat();
  const { item } = props;
  const Icon = ICONS[item.kind] ?? IconBolt;
  return (
    <Group
      component="li"
      align="flex-start"
      wrap="nowrap"
      gap="sm"
      py="sm"
      style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
      data-testid="timeline-item"
      data-kind={item.kind}
    >
      <ThemeIcon variant="light" color={COLORS[item.kind]} radius="xl" size="lg">
        <Icon size={18} aria-hidden />
      </ThemeIcon>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Text fw={600} size="sm" style={{ overflowWrap: "anywhere" }}>
            {item.title}
          </Text>
          <Text
            size="xs"
            c="dimmed"
            component="time"
            dateTime={item.occurred_at}
            title={fmt.relative(item.occurred_at)}
            style={{ whiteSpace: "nowrap" }}
          >
            {`${fmt.date(item.occurred_at)}, ${fmt.time(item.occurred_at)}`}
          </Text>
        </Group>
        <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
          {item.summary ? `${t(`kinds.${item.kind}`)} · ${item.summary}` : t(`kinds.${item.kind}`)}
        </Text>
      </Stack>
    </Group>
  );
}

/** The Timeline tab of a person: everything that happened, newest first, across kinds. */
export function PersonTimeline(props: { personId: string }) {
  const { t } = useTranslation("orders");
  const errorText = useErrorMessage();
  const [kinds, setKinds] = useState<TimelineKind[]>([]);
  const timeline = usePersonTimeline(props.personId, kinds);
  const titleId = useId();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={titleId}>
      <Title order={2} size="h4" mb="xs" id={titleId}>
        {t("timeline.title")}
      </Title>
      <Group gap={6} role="group" aria-label={t("timeline.filter")}>
        <Chip
          checked={kinds.length === 0}
          onChange={() => setKinds([])}
          variant="outline"
          size="sm"
        >
          {t("timeline.all")}
        </Chip>
        {TIMELINE_KINDS.map((kind) => (
          <Chip
            key={kind}
            checked={kinds.includes(kind)}
            onChange={(on) => setKinds(on ? [...kinds, kind] : kinds.filter((k) => k !== kind))}
            variant="outline"
            size="sm"
          >
            {t(`kinds.${kind}`)}
          </Chip>
        ))}
      </Group>
      {timeline.isError && (
        <Alert color="red" role="alert" mt="sm">
          {errorText(timeline.error)}
        </Alert>
      )}
      {timeline.isPending ? (
        <Skeleton height={120} radius="md" mt="sm" />
      ) : timeline.items.length === 0 ? (
        !timeline.isError && (
          <Stack align="center" gap="xs" py="lg" ta="center" data-testid="timeline-empty">
            <ThemeIcon variant="light" radius="xl" size="xl" color="gray">
              <IconTimelineEvent size={22} aria-hidden />
            </ThemeIcon>
            <Text fw={600}>{kinds.length ? t("timeline.emptyFiltered") : t("timeline.empty")}</Text>
          </Stack>
        )
      ) : (
        <Stack
          component="ol"
          gap={0}
          p={0}
          m={0}
          mt="xs"
          style={{ listStyle: "none" }}
          aria-labelledby={titleId}
        >
          {timeline.items.map((item) => (
            <Entry key={`${item.kind}-${item.id}`} item={item} />
          ))}
        </Stack>
      )}
      {timeline.hasNextPage && (
        <LoadMore
          hasNextPage={timeline.hasNextPage}
          isFetchingNextPage={timeline.isFetchingNextPage}
          fetchNextPage={() => void timeline.fetchNextPage()}
          shown={timeline.items.length}
        />
      )}
    </Paper>
  );
}
