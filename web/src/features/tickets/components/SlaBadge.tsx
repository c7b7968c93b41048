import { Badge, Tooltip, VisuallyHidden } from "@mantine/core";
import { useInterval } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Ticket } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { SLA_COLOR, slaClock } from "../sla";

/** The current time, refreshed every `ms` (the countdowns tick without refetching). */
export function useNow(ms = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  const interval = useInterval(() => setNow(new Date()), ms);
  // biome-ignore lint/correctness/useExhaustiveDependencies: start once
  useEffect(() => {
    interval.start();
    return interval.stop;
  }, []);
  return now;
}

/** "2 hr 10 min to first response", amber when at risk, red and "breached" when over. */
export function SlaBadge(props: {
  ticket: Ticket;
  warnMinutes?: number;
  now?: Date;
  /** Narrow screens: only the time (the full sentence is the accessible name). */
  compact?: boolean;
}) {
  const { t } = useTranslation("tickets");
  const fmt = useFormat();
  const ticking = useNow();
  const clock = slaClock(props.ticket, props.now ?? ticking, props.warnMinutes);
  if (clock.state === "none" || clock.state === "met") {
    return props.ticket.breached_at ? (
      <Badge variant="light" color="red" data-sla="breached">
        {t("sla.wasBreached")}
      </Badge>
    ) : null;
  }
  const target = clock.target ? t(`sla.target.${clock.target}`) : "";
  const time = fmt.duration(clock.seconds);
  const label =
    clock.state === "paused"
      ? t("sla.paused")
      : clock.state === "breached"
        ? clock.seconds === null
          ? t("sla.breached")
          : t("sla.over", { time, target })
        : t("sla.left", { time, target });
  return (
    <Tooltip
      label={clock.due ? t("sla.dueAt", { target, when: fmt.dateTime(clock.due) }) : label}
      disabled={!clock.due}
    >
      <Badge
        variant={clock.state === "ok" || clock.state === "paused" ? "light" : "filled"}
        color={SLA_COLOR[clock.state]}
        tt="none"
        data-sla={clock.state}
        style={{ whiteSpace: "nowrap" }}
      >
        {props.compact && clock.seconds !== null ? (
          <>
            <span aria-hidden>{time}</span>
            <VisuallyHidden>{label}</VisuallyHidden>
          </>
        ) : (
          label
        )}
      </Badge>
    </Tooltip>
  );
}
