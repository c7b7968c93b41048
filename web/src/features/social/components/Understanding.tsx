import { Badge, Group, List, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/format";
import { useSocialDecisions } from "../hooks/useSocial";
import type { SocialPost } from "../types";
import { IntentBadge, LanguageBadge, PriorityBadge, SentimentBadge } from "./SocialBadges";

function Row(props: { label: string; children: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={96} style={{ flexShrink: 0 }}>
        {props.label}
      </Text>
      <Group gap={6} style={{ minWidth: 0 }}>
        {props.children}
      </Group>
    </Group>
  );
}

/** What Sampark made of the post, why it is as urgent as it is, and where routing sent it. */
export function Understanding({ post }: { post: SocialPost }) {
  const { t } = useTranslation("social");
  const fmt = useFormat();
  const decisions = useSocialDecisions(post.id);
  const mentions = post.keywords.map((k) => ({
    term: String(k.term ?? ""),
    kind: String(k.kind ?? ""),
  }));
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={t("understanding.title")}>
      <Title order={2} size="h4" mb="sm">
        {t("understanding.title")}
      </Title>
      <Stack gap={8}>
        <Row label={t("filter.language")}>
          <LanguageBadge language={post.language} />
        </Row>
        <Row label={t("filter.sentiment")}>
          <SentimentBadge sentiment={post.sentiment} score={post.sentiment_score} />
          {post.sentiment_corrected && (
            <Text size="xs" c="dimmed">
              {t("understanding.corrected")}
            </Text>
          )}
        </Row>
        <Row label={t("filter.intent")}>
          <IntentBadge intent={post.intent} />
          {post.intent_confidence !== null && (
            <Text size="xs" c="dimmed">
              {t("understanding.confidence", {
                value: fmt.number(Math.round(post.intent_confidence * 100)),
              })}
            </Text>
          )}
        </Row>
        {(post.hashtags.length > 0 || mentions.length > 0) && (
          <Row label={t("understanding.topics")}>
            {post.hashtags.map((h) => (
              <Badge key={`h-${h}`} variant="light" color="grape" tt="none">
                #{h.replace(/^#/, "")}
              </Badge>
            ))}
            {mentions.map((m) => (
              <Badge key={`k-${m.term}`} variant="light" color="indigo" tt="none">
                {m.term} · {t(`keywordKind.${m.kind}`, { defaultValue: m.kind })}
              </Badge>
            ))}
          </Row>
        )}
        {post.evidence.length > 0 && (
          <Row label={t("understanding.evidence")}>
            <Text size="sm" style={{ overflowWrap: "anywhere" }}>
              {post.evidence.join(", ")}
            </Text>
          </Row>
        )}
        <Row label={t("filter.priority")}>
          <PriorityBadge priority={post.priority} score={post.priority_score} />
        </Row>
        {post.priority_reasons.length > 0 && (
          <List size="sm" spacing={2} data-testid="priority-reasons">
            {post.priority_reasons.map((r) => (
              <List.Item key={r}>{r}</List.Item>
            ))}
          </List>
        )}
      </Stack>
      <Title order={3} size="h5" mt="md" mb="xs">
        {t("understanding.routing")}
      </Title>
      {decisions.isPending ? (
        <Skeleton height={40} />
      ) : !decisions.data?.length ? (
        <Text size="sm" c="dimmed">
          {t("understanding.noDecisions")}
        </Text>
      ) : (
        <Stack
          gap={6}
          component="ul"
          style={{ listStyle: "none", padding: 0, margin: 0 }}
          data-testid="routing-decisions"
        >
          {decisions.data.map((d, i) => (
            <li key={d.id}>
              <Group gap={6} wrap="nowrap" align="flex-start">
                <Badge size="sm" variant="light" style={{ flexShrink: 0 }}>
                  {t(`action.${d.action}`, { defaultValue: d.action })}
                </Badge>
                <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                  {d.reason}
                  {/* The rule once, where it starts deciding (its actions follow each other). */}
                  {d.rule_name && d.rule_name !== decisions.data[i - 1]?.rule_name ? (
                    <Text span size="xs" c="dimmed">
                      {" "}
                      ({t("understanding.rule", { name: d.rule_name })})
                    </Text>
                  ) : null}
                </Text>
              </Group>
            </li>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
