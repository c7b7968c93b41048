import { Anchor, Badge, Group, Paper, Stack, Text } from "@mantine/core";
import { IconLock, IconPaperclip } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { TicketMessage } from "../../../api/types";
import { useFormat } from "../../../i18n/format";

const DELIVERY_COLOR: Record<string, string> = {
  queued: "gray",
  sending: "blue",
  sent: "teal",
  retrying: "orange",
  failed: "red",
};

function size(bytes: number) {
  return bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** One message: the text exactly as the server keeps it (HTML mail arrives already reduced to
 * plain text; nothing is ever rendered as markup here). */
function Message({ m }: { m: TicketMessage }) {
  const { t } = useTranslation("tickets");
  const fmt = useFormat();
  const note = m.kind === "note";
  const inbound = m.direction === "in";
  const who = m.author_name || m.from_address || t("conversation.someone");
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      component="article"
      data-testid="ticket-message"
      data-kind={m.kind}
      aria-label={note ? t("conversation.noteBy", { who }) : t("conversation.replyBy", { who })}
      bg={
        note
          ? "var(--mantine-color-yellow-0)"
          : inbound
            ? undefined
            : "var(--mantine-color-brand-0)"
      }
      style={
        note ? { borderColor: "var(--mantine-color-yellow-5)", borderStyle: "dashed" } : undefined
      }
      ml={inbound ? 0 : { base: 0, sm: "xl" }}
      mr={inbound ? { base: 0, sm: "xl" } : 0}
    >
      <Group justify="space-between" gap="xs" mb={4} wrap="wrap">
        <Group gap={6}>
          <Text fw={600} size="sm">
            {who}
          </Text>
          {note ? (
            <Badge
              size="sm"
              color="yellow"
              variant="light"
              leftSection={<IconLock size={12} aria-hidden />}
            >
              {t("conversation.note")}
            </Badge>
          ) : (
            <Badge size="sm" color={inbound ? "gray" : "brand"} variant="light">
              {inbound ? t("conversation.fromCustomer") : t("conversation.reply")}
            </Badge>
          )}
          {m.delivery && (
            <Badge
              size="sm"
              variant="outline"
              color={DELIVERY_COLOR[m.delivery] ?? "gray"}
              title={m.delivery_error ?? undefined}
            >
              {t(`delivery.${m.delivery}`, { defaultValue: m.delivery })}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="gray.7" title={fmt.dateTime(m.created_at)}>
          {fmt.relative(m.created_at)}
        </Text>
      </Group>
      <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        {m.body}
      </Text>
      {m.delivery === "failed" && m.delivery_error && (
        <Text size="xs" c="red.9" mt={4}>
          {t("delivery.error", { error: m.delivery_error })}
        </Text>
      )}
      {m.attachments.length > 0 && (
        <Group gap="xs" mt="xs">
          {m.attachments.map((a) => (
            <Anchor
              key={a.id}
              size="sm"
              href={`/api/v1/tickets/${m.ticket_id}/attachments/${a.id}`}
              download={a.filename}
            >
              <Group gap={4} wrap="nowrap" component="span">
                <IconPaperclip size={14} aria-hidden />
                {a.filename} ({size(a.size)})
              </Group>
            </Anchor>
          ))}
        </Group>
      )}
    </Paper>
  );
}

/** The conversation, oldest first: public replies and (marked, dashed, yellow) internal notes. */
export function Conversation({ messages }: { messages: TicketMessage[] }) {
  const { t } = useTranslation("tickets");
  if (messages.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {t("conversation.empty")}
      </Text>
    );
  }
  return (
    <Stack gap="sm" data-testid="conversation">
      {messages.map((m) => (
        <Message key={m.id} m={m} />
      ))}
    </Stack>
  );
}
