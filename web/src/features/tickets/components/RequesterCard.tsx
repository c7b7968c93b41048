import { Anchor, Group, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Ticket } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { Figure } from "../../../ui/record/Figure";
import { Section } from "../../../ui/record/Section";
import { usePerson } from "../../people/hooks/usePeople";
import { usePersonTraits } from "../../profiles/hooks/useProfile";
import { useTicketsWhere } from "../hooks/useTickets";
import { StatusBadge } from "./TicketBadges";

/** Who asks: name, how to reach them, what they are worth, and their other tickets. */
export function RequesterCard({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation("tickets");
  const fmt = useFormat();
  const id = ticket.requester_id;
  const person = usePerson(id);
  const traits = usePersonTraits(id ?? "");
  const others = useTicketsWhere(
    { field: "requester_id", op: "eq", value: id },
    { enabled: Boolean(id) },
  );
  const rest = others.items.filter((o) => o.id !== ticket.id);
  const p = person.data;

  return (
    <Stack gap="md">
      <Section title={t("requester.title")} testId="requester-card">
        {!id ? (
          <Text size="sm">{ticket.requester_email ?? t("requester.none")}</Text>
        ) : person.isPending ? (
          <Skeleton height={80} />
        ) : (
          <Stack gap={6}>
            <Anchor component={Link} to={`/people/${id}`} fw={600}>
              {p?.display_name ?? ticket.requester_name ?? ticket.requester_email}
            </Anchor>
            {(p?.primary_email ?? ticket.requester_email) && (
              <Text size="sm">{p?.primary_email ?? ticket.requester_email}</Text>
            )}
            {p?.primary_phone && <Text size="sm">{p.primary_phone}</Text>}
            {traits.data && (
              <SimpleGrid cols={2} spacing="xs" mt={4}>
                <Figure
                  label={t("requester.spend")}
                  value={
                    traits.data.total_spend
                      ? fmt.money(traits.data.total_spend, traits.data.currency)
                      : "—"
                  }
                  testId="requester-spend"
                />
                <Figure
                  label={t("requester.orders")}
                  value={fmt.number(traits.data.orders_count)}
                  testId="requester-orders"
                />
              </SimpleGrid>
            )}
          </Stack>
        )}
      </Section>
      {id && (
        <Section title={t("requester.history")}>
          {rest.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("requester.noOther")}
            </Text>
          ) : (
            <Stack gap={6} component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
              {rest.map((o) => (
                <Group key={o.id} component="li" justify="space-between" wrap="nowrap" gap="xs">
                  <Anchor component={Link} to={`/service/tickets/${o.id}`} size="sm" lineClamp={1}>
                    {o.token} {o.subject}
                  </Anchor>
                  <StatusBadge status={o.status} />
                </Group>
              ))}
            </Stack>
          )}
        </Section>
      )}
    </Stack>
  );
}
