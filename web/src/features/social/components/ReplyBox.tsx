import { Button, Group, Stack, Text, Textarea } from "@mantine/core";
import { IconSend } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNotify } from "../../../ui/errors";
import { useReply } from "../hooks/useSocial";
import type { SocialPost } from "../types";

/** A reply through the post's connector; without one there is nowhere to send it. */
export function ReplyBox({ post }: { post: SocialPost }) {
  const { t } = useTranslation("social");
  const [text, setText] = useState("");
  const reply = useReply(post.id);
  const notify = useNotify();
  if (!post.connector_id) {
    return (
      <Text size="sm" c="dimmed" data-testid="no-connector">
        {t("reply.noConnector")}
      </Text>
    );
  }
  const send = () =>
    reply.mutate(text.trim(), {
      onSuccess: () => {
        setText("");
        notify.success(t("reply.queued"));
      },
      onError: notify.error,
    });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) send();
      }}
    >
      <Stack gap="xs">
        <Textarea
          label={t("reply.label", { platform: t(`platform.${post.platform}`) })}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={4000}
        />
        <Group justify="flex-end">
          <Button
            type="submit"
            leftSection={<IconSend size={16} aria-hidden />}
            loading={reply.isPending}
            disabled={!text.trim()}
          >
            {t("reply.send")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
