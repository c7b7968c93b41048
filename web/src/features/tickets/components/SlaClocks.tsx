import { Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Ticket } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { SlaBadge } from "./SlaBadge";

/** Both SLA targets: when each is due, or when it was met; the running countdown beside. */
export function SlaClocks({ ticket: r, warnMinutes }: { ticket: Ticket; warnMinutes?: number }) {
  const { t } = useTranslation("tickets");
  const fmt = useFormat();
  const line = (label: string, due: string | null, met: string | null) => (
    <Text size="sm">
      <Text span c="dimmed" size="sm">
        {label}:{" "}
      </Text>
      {met
        ? t("sla.metAt", { when: fmt.dateTime(met) })
        : due
          ? t("sla.dueOn", { when: fmt.dateTime(due) })
          : "—"}
    </Text>
  );
  return (
    <Group justify="space-between" align="flex-start" gap="xs" data-testid="sla-clocks">
      <Stack gap={2}>
        {line(t("sla.target.first_response"), r.first_response_due_at, r.first_responded_at)}
        {line(t("sla.target.resolution"), r.resolution_due_at, r.solved_at)}
      </Stack>
      <SlaBadge ticket={r} warnMinutes={warnMinutes} />
    </Group>
  );
}
