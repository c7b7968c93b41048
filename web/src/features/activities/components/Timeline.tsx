import { Alert, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage } from "../../../ui/errors";
import { LoadMore } from "../../../ui/list/LoadMore";
import { PendingMark, usePendingIds } from "../../offline/components/PendingBadge";
import { useUserNames } from "../../users/hooks/useUsers";
import { LogActivityForm } from "../forms/LogActivityForm";
import { type Subject, useTimeline } from "../hooks/useActivities";
import { ActivityIcon } from "./ActivityIcon";

/** Everything that happened with a record, newest first, with a form to add to it. */
export function Timeline(props: {
  subject: Subject;
  links?: Partial<Record<Subject["field"], string | null>>;
}) {
  const { t } = useTranslation("activities");
  const fmt = useFormat();
  const errorText = useErrorMessage();
  const ownerName = useUserNames();
  const timeline = useTimeline(props.subject);
  const pending = usePendingIds();

  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h4" mb="sm">
          {t("logTitle")}
        </Title>
        <LogActivityForm subject={props.subject} links={props.links} />
      </Paper>
      <Title order={2} size="h4">
        {t("timeline")}
      </Title>
      {timeline.isError && (
        <Alert color="red" role="alert">
          {errorText(timeline.error)}
        </Alert>
      )}
      {timeline.isPending ? (
        <Skeleton height={80} />
      ) : timeline.items.length === 0 ? (
        <Text c="dimmed">{t("empty")}</Text>
      ) : (
        <Stack
          gap={0}
          component="ol"
          style={{ listStyle: "none", padding: 0, margin: 0 }}
          aria-label={t("timeline")}
        >
          {timeline.items.map((a) => (
            <Group
              key={a.id}
              component="li"
              align="flex-start"
              wrap="nowrap"
              gap="sm"
              py="sm"
              style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
            >
              <ActivityIcon kind={a.kind} />
              <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Text fw={600} style={{ overflowWrap: "anywhere" }}>
                    {a.subject}
                  </Text>
                  <Text
                    size="sm"
                    c="dimmed"
                    title={fmt.dateTime(a.occurred_at)}
                    style={{ whiteSpace: "nowrap" }}
                  >
                    {fmt.relative(a.occurred_at)}
                  </Text>
                </Group>
                <Text size="sm" c="dimmed">
                  {[t(`kind.${a.kind}`), ownerName(a.owner_id), a.outcome, a.location_name]
                    .filter(Boolean)
                    .join(" · ")}
                </Text>
                {pending.has(a.id) ? <PendingMark testId="activity-pending" /> : null}
                {a.body && (
                  <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                    {a.body}
                  </Text>
                )}
              </Stack>
            </Group>
          ))}
        </Stack>
      )}
      <LoadMore
        hasNextPage={timeline.hasNextPage}
        isFetchingNextPage={timeline.isFetchingNextPage}
        fetchNextPage={() => void timeline.fetchNextPage()}
        shown={0}
      />
    </Stack>
  );
}
