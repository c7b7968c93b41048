import { Alert, Badge, Button, Group, Skeleton, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage, useNotify } from "../../../ui/errors";
import { useUserNames } from "../../users/hooks/useUsers";
import { useRetryReply, useSocialThread } from "../hooks/useSocial";
import type { SocialReply } from "../types";
import { textLang } from "./PostRow";
import classes from "./Social.module.css";

const DELIVERY_COLOR: Record<string, string> = { pending: "yellow", sent: "teal", failed: "red" };

function Delivery(props: { reply: SocialReply; postId: string; canWrite: boolean }) {
  const { t } = useTranslation("social");
  const retry = useRetryReply(props.postId);
  const notify = useNotify();
  const r = props.reply;
  return (
    <Group gap="xs" mt={4}>
      <Badge
        size="sm"
        variant="light"
        color={DELIVERY_COLOR[r.status] ?? "gray"}
        data-delivery={r.status}
      >
        {t(`delivery.${r.status}`, { defaultValue: r.status })}
      </Badge>
      {r.status === "pending" && r.attempts > 0 && (
        <Text size="xs" c="dimmed">
          {t("delivery.attempts", { count: r.attempts })}
        </Text>
      )}
      {r.last_error && r.status !== "sent" && (
        <Text size="xs" c="red.8" style={{ overflowWrap: "anywhere" }}>
          {r.last_error}
        </Text>
      )}
      {r.status === "failed" && props.canWrite && (
        <Button
          size="compact-xs"
          variant="default"
          loading={retry.isPending}
          onClick={() => retry.mutate(r.id, { onError: notify.error })}
        >
          {t("delivery.retry")}
        </Button>
      )}
    </Group>
  );
}

/** The conversation, oldest first: the author's posts and our replies with their delivery. */
export function Thread(props: { postId: string; canWrite: boolean }) {
  const { t } = useTranslation("social");
  const fmt = useFormat();
  const thread = useSocialThread(props.postId);
  const userName = useUserNames();
  const errorText = useErrorMessage();
  if (thread.isPending) return <Skeleton height={80} />;
  if (thread.isError)
    return (
      <Alert color="red" role="alert">
        {errorText(thread.error)}
      </Alert>
    );
  return (
    <Stack gap="xs" component="ol" className={classes.thread} data-testid="social-thread">
      {thread.data.entries.map((entry) =>
        entry.post ? (
          <li key={entry.post.id}>
            <div
              className={classes.bubble}
              data-current={entry.post.id === props.postId || undefined}
            >
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" fw={600} truncate>
                  {entry.post.direction === "out"
                    ? t("thread.us")
                    : entry.post.author_name || entry.post.author_handle || t("unknownAuthor")}
                </Text>
                <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                  {fmt.dateTime(entry.at)}
                </Text>
              </Group>
              <Text
                size="sm"
                lang={textLang(entry.post.language)}
                style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}
              >
                {entry.post.text}
              </Text>
            </div>
          </li>
        ) : entry.reply ? (
          <li key={entry.reply.id}>
            <div className={classes.bubble} data-ours data-testid="social-reply">
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" fw={600} truncate>
                  {userName(entry.reply.author_user_id) || t("thread.us")}
                </Text>
                <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                  {fmt.dateTime(entry.at)}
                </Text>
              </Group>
              <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                {entry.reply.text}
              </Text>
              <Delivery reply={entry.reply} postId={props.postId} canWrite={props.canWrite} />
            </div>
          </li>
        ) : null,
      )}
    </Stack>
  );
}
