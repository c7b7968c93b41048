import { Group, Stack, Text, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/format";
import type { SocialPost } from "../types";
import classes from "./Social.module.css";
import {
  IntentBadge,
  LanguageBadge,
  PlatformIcon,
  PostStatusBadge,
  PriorityBadge,
  SentimentBadge,
} from "./SocialBadges";

/** Bengali and Hindi text is marked so screen readers and fonts treat it as such. */
export function textLang(language: string | null): string | undefined {
  if (language === "bn" || language === "hi") return language;
  return undefined;
}

/** One inbox row: who, where, what, how it was understood, how urgent, who has it, how old. */
export function PostRow(props: {
  post: SocialPost;
  selected: boolean;
  assigneeName: string;
  onOpen: () => void;
}) {
  const { t } = useTranslation("social");
  const fmt = useFormat();
  const p = props.post;
  const author = p.author_name || (p.author_handle ? `@${p.author_handle}` : t("unknownAuthor"));
  const team = p.teams?.find((x) => !x.is_copy)?.name ?? p.teams?.[0]?.name;
  return (
    <UnstyledButton
      className={classes.row}
      data-selected={props.selected || undefined}
      aria-current={props.selected ? "true" : undefined}
      onClick={props.onOpen}
      data-testid="social-row"
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <PlatformIcon platform={p.platform} />
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text fw={600} size="sm" truncate>
              {author}
              {p.author_handle && p.author_name ? (
                <Text span c="dimmed" size="sm" fw={400}>
                  {" "}
                  @{p.author_handle}
                </Text>
              ) : null}
            </Text>
            <Text size="xs" c="dimmed" title={fmt.dateTime(p.posted_at)} style={{ flexShrink: 0 }}>
              {fmt.relative(p.posted_at)}
            </Text>
          </Group>
          <Text
            size="sm"
            lineClamp={2}
            lang={textLang(p.language)}
            style={{ overflowWrap: "anywhere" }}
          >
            {p.text || t("noText")}
          </Text>
          <Group gap={6}>
            <PriorityBadge priority={p.priority} score={p.priority_score} />
            <SentimentBadge sentiment={p.sentiment} />
            <IntentBadge intent={p.intent} />
            <LanguageBadge language={p.language} />
            {p.status !== "new" && <PostStatusBadge status={p.status} />}
          </Group>
          {(team || props.assigneeName) && (
            <Text size="xs" c="dimmed" truncate>
              {[team, props.assigneeName].filter(Boolean).join(" · ")}
            </Text>
          )}
        </Stack>
      </Group>
    </UnstyledButton>
  );
}
