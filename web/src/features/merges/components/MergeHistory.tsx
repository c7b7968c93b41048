import { Alert, Anchor, Badge, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage } from "../../../ui/errors";
import { type Merge, useMergesOf } from "../hooks/useMerges";
import { UndoMergeButton } from "./UndoMergeButton";

function Moved(props: { moved: Merge["moved"] }) {
  const { t } = useTranslation("merges");
  const parts = Object.entries(props.moved)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) =>
      t("history.movedItem", {
        count: n,
        kind: t(`kinds.${kind}`, { count: n, defaultValue: kind }),
      }),
    );
  return (
    <Text size="xs" c="dimmed">
      {parts.length ? t("history.moved", { rows: parts.join(", ") }) : t("history.nothingMoved")}
    </Text>
  );
}

function MergeItem(props: { merge: Merge; personId: string }) {
  const { t } = useTranslation("merges");
  const fmt = useFormat();
  const m = props.merge;
  const incoming = m.survivor_id === props.personId;
  const otherId = incoming ? m.merged_id : m.survivor_id;
  const otherName = (incoming ? m.merged_name : m.survivor_name) ?? t("history.someone");
  const link = (
    <Anchor component={Link} to={`/people/${otherId}`} c="brand.8">
      {otherName}
    </Anchor>
  );
  return (
    <Stack component="li" gap={4} py="xs" data-testid="merge-item">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Text size="sm" style={{ minWidth: 0 }}>
          {incoming ? t("history.in") : t("history.out")} {link}
        </Text>
        {m.undone_at ? (
          <Badge variant="light" color="gray">
            {t("history.undone")}
          </Badge>
        ) : (
          <UndoMergeButton merge={m} />
        )}
      </Group>
      <Group gap={6}>
        <Badge size="sm" variant="light">
          {t(`method.${m.method}`, { defaultValue: m.method })}
        </Badge>
        {m.score !== null && m.score !== undefined && (
          <Text size="xs" c="dimmed">
            {t("history.score", { score: Math.round(m.score * 100) })}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t("history.by", { who: m.actor_label, when: fmt.dateTime(m.created_at) })}
        </Text>
      </Group>
      <Moved moved={m.moved} />
      {typeof m.evidence?.reason === "string" && (
        <Text size="xs" fs="italic">
          “{m.evidence.reason}”
        </Text>
      )}
    </Stack>
  );
}

/** Every merge into or out of this person, with Undo for those still in force. */
export function MergeHistory(props: { personId: string }) {
  const { t } = useTranslation("merges");
  const merges = useMergesOf(props.personId);
  const errorText = useErrorMessage();
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} size="h4" mb="xs">
        {t("history.title")}
      </Title>
      {merges.isPending ? (
        <Skeleton height={48} />
      ) : merges.isError ? (
        <Alert color="red" role="alert">
          {errorText(merges.error)}
        </Alert>
      ) : merges.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("history.empty")}
        </Text>
      ) : (
        <Stack component="ul" gap={0} p={0} m={0} style={{ listStyle: "none" }}>
          {merges.data.map((m) => (
            <MergeItem key={m.id} merge={m} personId={props.personId} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}
