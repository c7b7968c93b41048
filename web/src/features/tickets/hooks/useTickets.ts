import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, filterParam, idempotencyKey, unwrap } from "../../../api/client";
import { isConflict } from "../../../api/errors";
import type { Ticket, TicketCreate, TicketMessageCreate, TicketUpdate } from "../../../api/types";
import { bulkOutcome } from "../../../lib/bulk";
import { andAll, type FilterNode } from "../../../lib/filter";
import { type PageFetcher, useInfiniteList } from "../../../lib/lists";
import type { ListParams } from "../../../lib/useListParams";
import type { SaveVariables } from "../../../ui/record/useEditableRecord";

export const ticketsKey = ["tickets"] as const;
export const TICKETS_DEFAULT_SORT = "sla_due_at";
const ticketKey = (id: string) => [...ticketsKey, "one", id] as const;
const messagesKey = (id: string) => [...ticketsKey, "messages", id] as const;

export const OPEN_STATUSES = ["new", "open", "pending", "on_hold"] as const;

/** A workspace view: the API's saved views, one queue's open tickets, or everything. */
export type TicketView =
  | { kind: "mine" | "unassigned" | "breached" | "all" }
  | { kind: "queue"; queueId: string };

export function viewFromParam(value: string | null): TicketView {
  if (value?.startsWith("queue:")) return { kind: "queue", queueId: value.slice(6) };
  if (value === "unassigned" || value === "breached" || value === "all") return { kind: value };
  return { kind: "mine" };
}

export function viewParam(view: TicketView): string {
  return view.kind === "queue" ? `queue:${view.queueId}` : view.kind;
}

/** The list request of a view: the API's `view`, or a filter for a queue's open tickets. */
function viewQuery(view: TicketView, filter: FilterNode | null) {
  if (view.kind === "queue") {
    return {
      view: undefined,
      filter: andAll(
        { field: "queue_id", op: "eq", value: view.queueId },
        { field: "status", op: "in", value: [...OPEN_STATUSES] },
        filter,
      ),
    };
  }
  return { view: view.kind === "all" ? undefined : view.kind, filter };
}

export function ticketPages(view: TicketView, params: Partial<ListParams>): PageFetcher<Ticket> {
  const q = viewQuery(view, params.filter ?? null);
  return ({ cursor, limit, signal }) =>
    unwrap(
      api.GET("/api/v1/tickets", {
        params: {
          query: {
            q: params.q || undefined,
            sort: params.sort,
            filter: filterParam(q.filter),
            view: q.view,
            cursor,
            limit,
          },
        },
        signal,
      }),
    );
}

export function useTicketList(view: TicketView, params: ListParams) {
  const { cursor, ...rest } = params;
  return useInfiniteList(
    [...ticketsKey, "list", viewParam(view), rest],
    ticketPages(view, params),
    {
      initialCursor: cursor,
    },
  );
}

/** Tickets under a fixed filter (a requester's other tickets). */
export function useTicketsWhere(filter: FilterNode, options: { enabled?: boolean } = {}) {
  return useInfiniteList(
    [...ticketsKey, "list", "where", filter],
    ticketPages({ kind: "all" }, { filter, sort: "-created_at" }),
    { limit: 10, enabled: options.enabled },
  );
}

export function useTicketCounts() {
  return useQuery({
    queryKey: [...ticketsKey, "counts"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/tickets/counts", { signal })),
    refetchInterval: 60_000,
  });
}

export function useTicketDashboard() {
  return useQuery({
    queryKey: [...ticketsKey, "dashboard"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/tickets/dashboard", { signal })),
    refetchInterval: 60_000,
  });
}

export function useCsatReport() {
  return useQuery({
    queryKey: [...ticketsKey, "csat"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/tickets/csat-report", { signal })),
  });
}

export function useTicket(id: string) {
  return useQuery({
    queryKey: ticketKey(id),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/tickets/{ticket_id}", { params: { path: { ticket_id: id } }, signal }),
      ),
  });
}

export function useTicketMessages(id: string) {
  return useQuery({
    queryKey: messagesKey(id),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/tickets/{ticket_id}/messages", {
          params: { path: { ticket_id: id } },
          signal,
        }),
      ),
    // A customer's answer arrives by e-mail at any time; so does a reply's delivery state.
    refetchInterval: 30_000,
  });
}

export function useCreateTicket() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketCreate) =>
      unwrap(
        api.POST("/api/v1/tickets", {
          body,
          params: { header: { "idempotency-key": idempotencyKey() } },
        }),
      ),
    onSuccess: (ticket) => {
      client.setQueryData(ticketKey(ticket.id), ticket);
      void client.invalidateQueries({ queryKey: ticketsKey });
    },
  });
}

/** Save changes with the version read; on 412 the cache takes the server's current ticket. */
export function useUpdateTicket(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ version, changes }: SaveVariables<TicketUpdate>) =>
      unwrap(
        api.PATCH("/api/v1/tickets/{ticket_id}", {
          params: { path: { ticket_id: id }, header: { "If-Match": String(version) } },
          body: changes,
        }),
      ),
    onSuccess: (ticket) => {
      client.setQueryData(ticketKey(id), ticket);
      void client.invalidateQueries({ queryKey: [...ticketsKey, "list"] });
      void client.invalidateQueries({ queryKey: [...ticketsKey, "counts"] });
    },
    onError: (error) => {
      if (isConflict(error) && error.problem.current)
        client.setQueryData(ticketKey(id), error.problem.current as Ticket);
    },
  });
}

export function useAddMessage(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketMessageCreate) =>
      unwrap(
        api.POST("/api/v1/tickets/{ticket_id}/messages", {
          params: { path: { ticket_id: id }, header: { "idempotency-key": idempotencyKey() } },
          body,
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: messagesKey(id) });
      void client.invalidateQueries({ queryKey: ticketKey(id) });
      void client.invalidateQueries({ queryKey: [...ticketsKey, "list"] });
    },
  });
}

export function useMergeTicket(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (intoId: string) =>
      unwrap(
        api.POST("/api/v1/tickets/{ticket_id}/merge", {
          params: { path: { ticket_id: id } },
          body: { into_id: intoId },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ticketsKey }),
  });
}

/** The canned reply filled in for this ticket by the server (requester, number, agent). */
export function renderCanned(cannedId: string, ticketId: string) {
  return unwrap(
    api.GET("/api/v1/canned-replies/{canned_id}/render", {
      params: { path: { canned_id: cannedId }, query: { ticket_id: ticketId } },
    }),
  );
}

/** One bulk PATCH for the selected tickets, each with the version it was read at. */
export function useTicketsBulk() {
  const client = useQueryClient();
  return async (rows: Ticket[], changes: TicketUpdate) => {
    try {
      return bulkOutcome(
        await unwrap(
          api.PATCH("/api/v1/tickets/bulk", {
            body: { items: rows.map((r) => ({ id: r.id, version: r.version, changes })) },
          }),
        ),
      );
    } finally {
      void client.invalidateQueries({ queryKey: ticketsKey });
    }
  };
}
