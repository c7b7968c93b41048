/**
 * The SLA countdown a ticket shows: which target runs next, how long is left, and whether that
 * is fine, at risk (within the warning window), breached, paused (pending on the customer) or
 * done. Pure, so the list and the ticket page agree and tests need no clock.
 */
import type { Ticket } from "../../api/types";

export type SlaTarget = "first_response" | "resolution";
export type SlaState = "ok" | "at_risk" | "breached" | "paused" | "met" | "none";

export interface SlaClock {
  state: SlaState;
  /** The target the countdown is about (none when nothing is running). */
  target: SlaTarget | null;
  /** Seconds to the target; negative once it has passed. */
  seconds: number | null;
  due: string | null;
}

type SlaFields = Pick<
  Ticket,
  | "status"
  | "sla_due_at"
  | "sla_paused"
  | "breached_at"
  | "breach"
  | "first_response_due_at"
  | "resolution_due_at"
  | "first_responded_at"
>;

const DONE = new Set(["solved", "closed"]);

/** The SLA warning window in minutes when no policy says otherwise (the backend's default). */
export const DEFAULT_WARN_MINUTES = 30;

/** The clock of the next running target (or why there is none). */
export function slaClock(
  ticket: SlaFields,
  now: Date,
  warnMinutes: number = DEFAULT_WARN_MINUTES,
): SlaClock {
  if (DONE.has(ticket.status)) return { state: "met", target: null, seconds: null, due: null };
  const target: SlaTarget = ticket.first_responded_at ? "resolution" : "first_response";
  const due = target === "first_response" ? ticket.first_response_due_at : ticket.resolution_due_at;
  if (ticket.sla_paused || ticket.status === "pending") {
    return { state: "paused", target, seconds: null, due: due ?? null };
  }
  const running = ticket.sla_due_at ?? due;
  if (!running) {
    return ticket.breached_at
      ? { state: "breached", target, seconds: null, due: null }
      : { state: "none", target: null, seconds: null, due: null };
  }
  const seconds = Math.round((new Date(running).getTime() - now.getTime()) / 1000);
  const state: SlaState =
    seconds <= 0 ? "breached" : seconds <= warnMinutes * 60 ? "at_risk" : "ok";
  return { state, target, seconds, due: running };
}

/** Mantine colour of each state: amber at risk, red when breached. */
export const SLA_COLOR: Record<SlaState, string> = {
  ok: "teal",
  at_risk: "orange.9",
  breached: "red.8",
  paused: "gray",
  met: "gray",
  none: "gray",
};
