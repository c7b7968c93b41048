import type { TicketChannel, TicketPriority, TicketStatus, TicketType } from "../../api/types";

export const STATUSES: TicketStatus[] = ["new", "open", "pending", "on_hold", "solved", "closed"];
export const PRIORITIES: TicketPriority[] = ["low", "normal", "high", "urgent"];
export const TYPES: TicketType[] = ["question", "incident", "problem", "complaint", "request"];
export const CHANNELS: TicketChannel[] = ["email", "web", "phone", "social", "chat", "api"];
