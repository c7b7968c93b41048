import {
  Alert,
  Anchor,
  Button,
  Chip,
  Code,
  Collapse,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from "@mantine/core";
import {
  IconBolt,
  IconChevronDown,
  IconDeviceMobile,
  IconId,
  IconLink,
  IconPlugConnected,
  IconUsersGroup,
  IconWorldWww,
} from "@tabler/icons-react";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage } from "../../../ui/errors";
import { LoadMore } from "../../../ui/list/LoadMore";
import { useMe } from "../../auth/hooks/useMe";
import { useSourceNames } from "../../settings/hooks/useSources";
import {
  EVENT_TYPES,
  type EventType,
  type TrackedEvent,
  usePersonEvents,
} from "../hooks/usePersonEvents";
import { PersonIdentities } from "./PersonIdentities";

const ICONS: Record<EventType, typeof IconBolt> = {
  identify: IconId,
  track: IconBolt,
  page: IconWorldWww,
  screen: IconDeviceMobile,
  group: IconUsersGroup,
  alias: IconLink,
};

const COLORS: Record<EventType, string> = {
  identify: "teal",
  track: "brand",
  page: "indigo",
  screen: "violet",
  group: "orange",
  alias: "gray",
};

/** A property's value as text: strings as they are, anything nested as indented JSON. */
export function PropertyValue(props: { value: unknown }) {
  const { value } = props;
  if (value !== null && typeof value === "object") {
    return (
      <Code block style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
        {JSON.stringify(value, null, 2)}
      </Code>
    );
  }
  return (
    <Text size="sm" component="span" style={{ overflowWrap: "anywhere" }}>
      {typeof value === "string" ? value : JSON.stringify(value)}
    </Text>
  );
}

/** Key → value, as a description list. */
function Properties(props: { values: Record<string, unknown> }) {
  const entries = Object.entries(props.values);
  return (
    <dl
      style={{
        display: "grid",
        gridTemplateColumns: "minmax(6rem, max-content) minmax(0, 1fr)",
        columnGap: "var(--mantine-spacing-sm)",
        rowGap: 4,
        margin: 0,
      }}
    >
      {entries.map(([key, value]) => (
        <div key={key} style={{ display: "contents" }}>
          <Text
            component="dt"
            size="sm"
            c="dimmed"
            ff="monospace"
            style={{ overflowWrap: "anywhere" }}
          >
            {key}
          </Text>
          <dd style={{ margin: 0, minWidth: 0 }}>
            <PropertyValue value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function EventItem(props: { event: TrackedEvent; sourceName: string }) {
  const { t } = useTranslation("sources");
  const fmt = useFormat();
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const { event } = props;
  const Icon = ICONS[event.type] ?? IconBolt;
  const title = event.name || t(`events.unnamed.${event.type}`);
  const hasProperties = Object.keys(event.properties).length > 0;
  const ids: [string, string | null][] = [
    [t("events.userId"), event.user_id],
    [t("events.anonymousId"), event.anonymous_id],
    [t("events.messageId"), event.message_id],
  ];

  return (
    <Group
      component="li"
      align="flex-start"
      wrap="nowrap"
      gap="sm"
      py="sm"
      style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
      data-testid="event"
      data-type={event.type}
    >
      <ThemeIcon variant="light" color={COLORS[event.type]} radius="xl" size="lg">
        <Icon size={18} aria-hidden />
      </ThemeIcon>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Text fw={600} size="sm" style={{ overflowWrap: "anywhere" }}>
            {title}
          </Text>
          <Text
            size="xs"
            c="dimmed"
            component="time"
            dateTime={event.occurred_at}
            title={fmt.relative(event.occurred_at)}
            style={{ whiteSpace: "nowrap" }}
          >
            {`${fmt.date(event.occurred_at)}, ${fmt.time(event.occurred_at)}`}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {props.sourceName
            ? `${t(`events.types.${event.type}`)} · ${props.sourceName}`
            : t(`events.types.${event.type}`)}
        </Text>
        <Button
          variant="subtle"
          size="compact-sm"
          px={4}
          mt={2}
          style={{ alignSelf: "flex-start" }}
          rightSection={
            <IconChevronDown
              size={14}
              aria-hidden
              style={{
                transform: open ? "rotate(180deg)" : undefined,
                transition: "transform 150ms",
              }}
            />
          }
          aria-expanded={open}
          aria-controls={detailsId}
          aria-label={t("events.detailsOf", { name: title })}
          onClick={() => setOpen((o) => !o)}
        >
          {t("events.showDetails")}
        </Button>
        <Collapse expanded={open} id={detailsId}>
          {open && (
            <Stack gap="xs" pt={4} data-testid="event-details">
              {hasProperties ? (
                <Properties values={event.properties} />
              ) : (
                <Text size="sm" c="dimmed">
                  {t("events.noProperties")}
                </Text>
              )}
              <Stack gap={0}>
                {ids.map(
                  ([label, value]) =>
                    value && (
                      <Text key={label} size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                        {label}: <Code>{value}</Code>
                      </Text>
                    ),
                )}
                <Text size="xs" c="dimmed">
                  {t("events.received", {
                    when: `${fmt.date(event.received_at)}, ${fmt.time(event.received_at)}`,
                  })}
                </Text>
              </Stack>
            </Stack>
          )}
        </Collapse>
      </Stack>
    </Group>
  );
}

/** Pick any of the six kinds; none picked shows them all. */
function TypeFilter(props: { value: EventType[]; onChange: (types: EventType[]) => void }) {
  const { t } = useTranslation("sources");
  const { value, onChange } = props;
  return (
    <Group gap={6} role="group" aria-label={t("events.filter")}>
      <Chip checked={value.length === 0} onChange={() => onChange([])} variant="outline" size="sm">
        {t("events.all")}
      </Chip>
      {EVENT_TYPES.map((type) => (
        <Chip
          key={type}
          checked={value.includes(type)}
          onChange={(on) =>
            onChange(on ? [...value, type] : value.filter((existing) => existing !== type))
          }
          variant="outline"
          size="sm"
        >
          {t(`events.types.${type}`)}
        </Chip>
      ))}
    </Group>
  );
}

function NoEvents(props: { filtered: boolean }) {
  const { t } = useTranslation("sources");
  const me = useMe();
  if (props.filtered) {
    return (
      <Text size="sm" c="dimmed" py="sm">
        {t("events.emptyFiltered")}
      </Text>
    );
  }
  return (
    <Stack align="center" gap="xs" py="lg" ta="center" data-testid="events-empty">
      <ThemeIcon variant="light" radius="xl" size="xl" color="gray">
        <IconPlugConnected size={22} aria-hidden />
      </ThemeIcon>
      <Text fw={600}>{t("events.empty")}</Text>
      <Text size="sm" c="dimmed" maw={420}>
        {t("events.emptyHow")}
      </Text>
      {me?.role === "admin" ? (
        <Anchor component={Link} to="/settings/sources" size="sm" c="brand.8">
          {t("events.emptyConnect")}
        </Anchor>
      ) : (
        <Text size="sm" c="dimmed">
          {t("events.emptyAsk")}
        </Text>
      )}
    </Stack>
  );
}

/** The Events tab of a person: their identifiers, then what they did, newest first. */
export function PersonEvents(props: { personId: string }) {
  const { t } = useTranslation("sources");
  const errorText = useErrorMessage();
  const sourceName = useSourceNames();
  const [types, setTypes] = useState<EventType[]>([]);
  const events = usePersonEvents(props.personId, types);
  const titleId = useId();

  return (
    <Stack gap="md">
      <PersonIdentities personId={props.personId} />
      <Paper withBorder radius="md" p="md" component="section" aria-labelledby={titleId}>
        <Title order={2} size="h4" mb="xs" id={titleId}>
          {t("events.title")}
        </Title>
        <TypeFilter value={types} onChange={setTypes} />
        {events.isError && (
          <Alert color="red" role="alert" mt="sm">
            {errorText(events.error)}
          </Alert>
        )}
        {events.isPending ? (
          <Skeleton height={120} radius="md" mt="sm" />
        ) : events.items.length === 0 ? (
          !events.isError && <NoEvents filtered={types.length > 0} />
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
            {events.items.map((event) => (
              <EventItem key={event.id} event={event} sourceName={sourceName(event.source_id)} />
            ))}
          </Stack>
        )}
        {events.hasNextPage && (
          <LoadMore
            hasNextPage={events.hasNextPage}
            isFetchingNextPage={events.isFetchingNextPage}
            fetchNextPage={() => void events.fetchNextPage()}
            shown={events.items.length}
          />
        )}
      </Paper>
    </Stack>
  );
}
