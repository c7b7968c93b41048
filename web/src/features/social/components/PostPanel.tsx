import { Alert, Anchor, Grid, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconExternalLink } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage } from "../../../ui/errors";
import { useMe } from "../../auth/hooks/useMe";
import { useUserNames } from "../../users/hooks/useUsers";
import { useSocialPost } from "../hooks/useSocial";
import { AuthorCard } from "./AuthorCard";
import { PostActions } from "./PostActions";
import { textLang } from "./PostRow";
import { ReplyBox } from "./ReplyBox";
import { PlatformIcon, PostStatusBadge } from "./SocialBadges";
import { Thread } from "./Thread";
import { Understanding } from "./Understanding";

/** One post: the conversation, what was understood and decided, the author, and the actions. */
export function PostPanel({ id }: { id: string }) {
  const { t } = useTranslation("social");
  const fmt = useFormat();
  const me = useMe();
  const post = useSocialPost(id);
  const userName = useUserNames();
  const errorText = useErrorMessage();
  const canWrite = Boolean(me) && me?.role !== "read-only" && me?.role !== "analyst";

  if (post.isPending) return <Skeleton height={320} radius="md" />;
  if (post.isError)
    return (
      <Alert color="red" role="alert" title={t("common:errors.title")}>
        {errorText(post.error)}
      </Alert>
    );
  const p = post.data;
  const teams = (p.teams ?? []).map((x) => (x.is_copy ? t("copyOf", { name: x.name }) : x.name));

  return (
    <Grid gap="md" data-testid="social-post">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Stack gap="md">
          <Paper withBorder radius="md" p="md">
            <Group gap="xs" wrap="nowrap" align="flex-start" mb="xs">
              <PlatformIcon platform={p.platform} size={24} />
              <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
                <Title order={2} size="h4" style={{ overflowWrap: "anywhere" }}>
                  {p.author_name || (p.author_handle ? `@${p.author_handle}` : t("unknownAuthor"))}
                </Title>
                <Text size="xs" c="dimmed">
                  {t(`kind.${p.kind}`, { defaultValue: p.kind })} · {fmt.dateTime(p.posted_at)}
                </Text>
              </Stack>
              <PostStatusBadge status={p.status} />
            </Group>
            <Text
              lang={textLang(p.language)}
              style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}
              data-testid="post-text"
            >
              {p.text || t("noText")}
            </Text>
            <Group gap="md" mt="sm">
              {p.url && (
                <Anchor href={p.url} target="_blank" rel="noreferrer" size="sm">
                  <Group gap={4} component="span">
                    {t("openOnPlatform")}
                    <IconExternalLink size={14} aria-hidden />
                  </Group>
                </Anchor>
              )}
              {p.ticket_id && (
                <Anchor
                  component={Link}
                  to={`/service/tickets/${p.ticket_id}`}
                  size="sm"
                  data-testid="post-ticket"
                >
                  {t("links.ticket")}
                </Anchor>
              )}
              {p.deal_id && (
                <Anchor
                  component={Link}
                  to={`/deals/${p.deal_id}`}
                  size="sm"
                  data-testid="post-deal"
                >
                  {t("links.deal")}
                </Anchor>
              )}
            </Group>
            <Text size="sm" c="dimmed" mt="xs">
              {t("handledBy", {
                teams: teams.join(", ") || t("noTeam"),
                assignee: userName(p.assignee_id) || t("filter.unassigned"),
              })}
            </Text>
            {canWrite && (
              <Stack mt="md">
                <PostActions post={p} />
              </Stack>
            )}
          </Paper>
          <section aria-label={t("thread.title")}>
            <Title order={2} size="h4" mb="sm">
              {t("thread.title")}
            </Title>
            <Thread postId={p.id} canWrite={canWrite} />
          </section>
          {canWrite && <ReplyBox post={p} />}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Stack gap="md">
          <AuthorCard post={p} />
          <Understanding post={p} />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
