import { Anchor, Group, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../i18n/format";
import { Figure } from "../../../ui/record/Figure";
import { Section } from "../../../ui/record/Section";
import { useMe } from "../../auth/hooks/useMe";
import { usePerson } from "../../people/hooks/usePeople";
import { usePersonTraits } from "../../profiles/hooks/useProfile";
import { StatusBadge } from "../../tickets/components/TicketBadges";
import { OPEN_STATUSES, useTicketsWhere } from "../../tickets/hooks/useTickets";
import type { SocialPost } from "../types";

/** The linked person: who they are, what they are worth, and their open tickets. */
function LinkedPerson({ personId }: { personId: string }) {
  const { t } = useTranslation("social");
  const fmt = useFormat();
  const me = useMe();
  const person = usePerson(personId);
  const traits = usePersonTraits(personId);
  // Marketing users have no access to tickets: do not ask.
  const tickets = useTicketsWhere(
    {
      and: [
        { field: "requester_id", op: "eq", value: personId },
        { field: "status", op: "in", value: [...OPEN_STATUSES] },
      ],
    },
    { enabled: Boolean(me) && me?.role !== "marketing" },
  );
  if (person.isPending) return <Skeleton height={80} />;
  const p = person.data;
  return (
    <Stack gap={6}>
      <Anchor component={Link} to={`/people/${personId}`} fw={600} data-testid="author-person">
        {p?.display_name ?? t("author.person")}
      </Anchor>
      {p?.primary_email && <Text size="sm">{p.primary_email}</Text>}
      {p?.primary_phone && <Text size="sm">{p.primary_phone}</Text>}
      {traits.data && (
        <SimpleGrid cols={2} spacing="xs" mt={4}>
          <Figure
            label={t("author.spend")}
            value={
              traits.data.total_spend
                ? fmt.money(traits.data.total_spend, traits.data.currency)
                : "—"
            }
          />
          <Figure label={t("author.orders")} value={fmt.number(traits.data.orders_count)} />
        </SimpleGrid>
      )}
      {me?.role !== "marketing" && (
        <>
          <Text size="xs" c="dimmed" mt={4}>
            {t("author.openTickets")}
          </Text>
          {tickets.items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("author.noTickets")}
            </Text>
          ) : (
            <Stack gap={4} component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
              {tickets.items.map((o) => (
                <Group key={o.id} component="li" justify="space-between" wrap="nowrap" gap="xs">
                  <Anchor component={Link} to={`/service/tickets/${o.id}`} size="sm" lineClamp={1}>
                    {o.token} {o.subject}
                  </Anchor>
                  <StatusBadge status={o.status} />
                </Group>
              ))}
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}

/** The author as the platform shows them, and the person Sampark knows them as. */
export function AuthorCard({ post }: { post: SocialPost }) {
  const { t } = useTranslation("social");
  const fmt = useFormat();
  return (
    <Section title={t("author.title")} testId="author-card">
      <Stack gap={4} mb="sm">
        <Text fw={600} size="sm">
          {post.author_name || t("unknownAuthor")}
        </Text>
        {post.author_handle && (
          <Text size="sm" c="dimmed">
            @{post.author_handle}
          </Text>
        )}
        <Text size="sm">
          {t("author.followers", {
            count: post.author_followers,
            value: fmt.number(post.author_followers),
          })}
        </Text>
      </Stack>
      {post.person_id ? (
        <LinkedPerson personId={post.person_id} />
      ) : (
        <Text size="sm" c="dimmed">
          {t("author.notLinked")}
        </Text>
      )}
    </Section>
  );
}
