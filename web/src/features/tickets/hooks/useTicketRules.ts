/** The service desk's routing rules: which queue (and priority) a new ticket gets. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, idempotencyKey, unwrap } from "../../../api/client";
import type { TicketRuleCreate, TicketRuleUpdate } from "../../../api/types";

const rulesKey = ["ticket-rules"] as const;

/** Every rule in the order the server tries them. */
export function useTicketRules() {
  return useQuery({
    queryKey: rulesKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/ticket-rules", { signal })),
    staleTime: 60_000,
  });
}

export function useSaveTicketRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: {
      id?: string;
      version?: number;
      body: TicketRuleCreate | TicketRuleUpdate;
    }) =>
      v.id
        ? unwrap(
            api.PATCH("/api/v1/ticket-rules/{rule_id}", {
              params: { path: { rule_id: v.id }, header: { "If-Match": String(v.version) } },
              body: v.body,
            }),
          )
        : unwrap(
            api.POST("/api/v1/ticket-rules", {
              params: { header: { "idempotency-key": idempotencyKey() } },
              body: v.body as TicketRuleCreate,
            }),
          ),
    onSettled: () => client.invalidateQueries({ queryKey: rulesKey }),
  });
}

/** Several rules' new positions, one request each, in order (moving a rule up or down). */
export function useMoveTicketRules() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (moves: { id: string; version: number; position: number }[]) => {
      for (const m of moves)
        await unwrap(
          api.PATCH("/api/v1/ticket-rules/{rule_id}", {
            params: { path: { rule_id: m.id }, header: { "If-Match": String(m.version) } },
            body: { position: m.position },
          }),
        );
    },
    onSettled: () => client.invalidateQueries({ queryKey: rulesKey }),
  });
}

export function useDeleteTicketRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/ticket-rules/{rule_id}", { params: { path: { rule_id: id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: rulesKey }),
  });
}
