import { useDraggable } from "@dnd-kit/core";
import { ActionIcon, Badge, Group, Menu, Paper, Stack, Text } from "@mantine/core";
import { IconArrowRight, IconCheck, IconDots, IconX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Deal, Stage } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import classes from "./Pipeline.module.css";

export interface DealCardActions {
  stages: Stage[];
  onMove: (deal: Deal, stageId: string) => void;
  onClose: (deal: Deal, status: "won" | "lost") => void;
}

export function DealCardBody({ deal, ownerName }: { deal: Deal; ownerName?: string }) {
  const { t } = useTranslation("deals");
  const fmt = useFormat();
  const late =
    deal.expected_close_date && new Date(`${deal.expected_close_date}T23:59:59`) < new Date();
  return (
    <Stack gap={4}>
      <Text fw={600} size="sm" lineClamp={2}>
        {deal.name}
      </Text>
      <Group justify="space-between" gap={4}>
        <Text fw={700} className="tabular">
          {fmt.money(deal.amount, deal.currency)}
        </Text>
        {deal.is_rotting && (
          <Badge size="sm" color="orange" variant="light">
            {t("stalled")}
          </Badge>
        )}
      </Group>
      <Group justify="space-between" gap={4}>
        {deal.expected_close_date ? (
          <Text size="xs" c={late ? "red.9" : "dimmed"}>
            {t("closes", { date: fmt.dayMonth(deal.expected_close_date) })}
          </Text>
        ) : (
          <span />
        )}
        {ownerName && (
          <Text size="xs" c="dimmed" truncate maw={120}>
            {ownerName}
          </Text>
        )}
      </Group>
    </Stack>
  );
}

/** A deal on the board: drag it to another stage, or use its menu (keyboard and screen readers). */
export function DealCard({
  deal,
  ownerName,
  actions,
}: {
  deal: Deal;
  ownerName?: string;
  actions: DealCardActions;
}) {
  const { t } = useTranslation("deals");
  const { setNodeRef, listeners, isDragging } = useDraggable({ id: deal.id, data: { deal } });
  const others = actions.stages.filter((s) => s.id !== deal.stage_id);

  return (
    <Paper
      ref={setNodeRef}
      {...listeners}
      withBorder
      radius="md"
      p="sm"
      className={classes.card}
      data-dragging={isDragging || undefined}
      data-rotting={deal.is_rotting || undefined}
      data-testid={`deal-card-${deal.id}`}
      component="li"
    >
      <Group align="flex-start" wrap="nowrap" gap={4}>
        <Link to={`/deals/${deal.id}`} className={classes.cardLink} draggable={false}>
          <DealCardBody deal={deal} ownerName={ownerName} />
        </Link>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon
              variant="subtle"
              color="gray"
              size={36}
              aria-label={t("cardMenu", { name: deal.name })}
            >
              <IconDots size={18} aria-hidden />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>{t("moveTo")}</Menu.Label>
            {others.map((s) => (
              <Menu.Item
                key={s.id}
                leftSection={<IconArrowRight size={16} aria-hidden />}
                onClick={() => actions.onMove(deal, s.id)}
              >
                {s.name}
              </Menu.Item>
            ))}
            <Menu.Divider />
            <Menu.Item
              leftSection={<IconCheck size={16} aria-hidden />}
              color="teal.9"
              onClick={() => actions.onClose(deal, "won")}
            >
              {t("markWon")}
            </Menu.Item>
            <Menu.Item
              leftSection={<IconX size={16} aria-hidden />}
              color="red.9"
              onClick={() => actions.onClose(deal, "lost")}
            >
              {t("markLost")}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
    </Paper>
  );
}
