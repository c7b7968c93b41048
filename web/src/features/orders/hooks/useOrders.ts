import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import type { components } from "../../../api/schema";
import { useInfiniteList } from "../../../lib/lists";

type S = components["schemas"];
export type Order = S["OrderOut"];
export type RefundIn = S["RefundIn"];

export const ORDER_STATUSES = [
  "placed",
  "paid",
  "partially_refunded",
  "refunded",
  "cancelled",
] as const;
export const ORDER_CHANNELS = ["web", "store", "app", "phone", "marketplace", "other"] as const;

/** Under the people keys, so anything that refreshes a person refreshes these too. */
export const personOrdersKey = (personId: string) => ["people", "orders", personId] as const;

/** A person's orders, newest first, page by page. */
export function usePersonOrders(personId: string) {
  return useInfiniteList(
    personOrdersKey(personId),
    ({ cursor, limit, signal }) =>
      unwrap(
        api.GET("/api/v1/people/{person_id}/orders", {
          params: { path: { person_id: personId }, query: { cursor, limit } },
          signal,
        }),
      ),
    { limit: 25 },
  );
}

export interface OrderFilters {
  q: string;
  channel: string | null;
  status: string | null;
  from: string | null;
  to: string | null;
}

function filterJson(f: OrderFilters): string | undefined {
  const parts: Record<string, unknown>[] = [];
  if (f.channel) parts.push({ field: "channel", op: "eq", value: f.channel });
  if (f.status) parts.push({ field: "status", op: "eq", value: f.status });
  if (f.from) parts.push({ field: "placed_at", op: "gte", value: `${f.from}T00:00:00Z` });
  if (f.to) parts.push({ field: "placed_at", op: "lte", value: `${f.to}T23:59:59Z` });
  if (parts.length === 0) return undefined;
  return JSON.stringify(parts.length === 1 ? parts[0] : { and: parts });
}

/** Every order the caller may see, newest first, with search and filters. */
export function useOrders(filters: OrderFilters) {
  const filter = filterJson(filters);
  const q = filters.q.trim() || undefined;
  return useInfiniteList(["orders", "list", q ?? "", filter ?? ""], ({ cursor, limit, signal }) =>
    unwrap(api.GET("/api/v1/orders", { params: { query: { cursor, limit, q, filter } }, signal })),
  );
}

export function useRefund(orderId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RefundIn) =>
      unwrap(
        api.POST("/api/v1/orders/{order_id}/refunds", {
          params: { path: { order_id: orderId } },
          body,
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["people"] });
      void client.invalidateQueries({ queryKey: ["orders"] });
    },
  });
}
