import { Badge, Group, Paper, SimpleGrid, Skeleton, Title } from "@mantine/core";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/format";
import { Figure } from "../../../ui/record/Figure";
import { usePersonTraits } from "../hooks/useProfile";

const SEGMENT_COLORS: Record<string, string> = {
  Champions: "green",
  Loyal: "teal",
  New: "blue",
  Promising: "cyan",
  "Need attention": "yellow",
  "At risk": "orange",
  Hibernating: "gray",
};

/** A person's computed traits at a glance: RFM segment, spend, orders, engagement, channel. */
export function TraitsCard(props: { personId: string }) {
  const { t } = useTranslation("orders");
  const fmt = useFormat();
  const traits = usePersonTraits(props.personId);
  const titleId = useId();
  if (traits.isPending) return <Skeleton height={96} radius="md" />;
  if (traits.isError || !traits.data) return null;
  const d = traits.data;
  const segment = d.rfm?.segment;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      aria-labelledby={titleId}
      data-testid="traits"
    >
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5" id={titleId}>
          {t("traits.title")}
        </Title>
        {segment ? (
          <Badge
            color={SEGMENT_COLORS[segment] ?? "gray"}
            variant="light"
            data-testid="rfm-segment"
          >
            {t(`traits.segments.${segment}`, { defaultValue: segment })}
          </Badge>
        ) : (
          <Badge color="gray" variant="outline">
            {t("traits.noOrders")}
          </Badge>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
        <Figure
          label={t("traits.spend")}
          value={d.total_spend ? fmt.money(d.total_spend, d.currency) : "—"}
          testId="traits-spend"
        />
        <Figure
          label={t("traits.orders")}
          value={fmt.number(d.orders_count)}
          testId="traits-orders"
        />
        <Figure
          label={t("traits.lastOrder")}
          value={d.last_order_at ? fmt.relative(d.last_order_at) : "—"}
        />
        <Figure
          label={t("traits.average")}
          value={d.average_order_value ? fmt.money(d.average_order_value, d.currency) : "—"}
        />
        <Figure label={t("traits.engagement")} value={`${d.engagement_score} / 100`} />
        <Figure
          label={t("traits.channel")}
          value={d.most_used_channel ? t(`channel.${d.most_used_channel}`) : "—"}
        />
      </SimpleGrid>
    </Paper>
  );
}
