import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, idempotencyKey, unwrap } from "../../../api/client";
import type { components } from "../../../api/schema";

type S = components["schemas"];
export type Webhook = S["WebhookOut"];
export type WebhookWithSecret = S["WebhookWithSecret"];
export type WebhookCreate = S["WebhookCreate"];
export type WebhookUpdate = S["WebhookUpdate"];
export type WebhookDelivery = S["DeliveryOut"];
export type EventType = S["EventTypeOut"];
export type DeliveryDetail = S["DeliveryDetail"];

export const webhooksKey = ["webhooks"] as const;
const deliveriesKey = (id: string) => ["webhooks", id, "deliveries"] as const;

/** Every webhook subscription, oldest first (never their secrets). */
export function useWebhooks() {
  return useQuery({
    queryKey: webhooksKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/webhooks", { signal })),
    staleTime: 30_000,
  });
}

/** The catalogue of events a webhook may ask for. */
export function useEventTypes() {
  return useQuery({
    queryKey: ["webhooks", "event-types"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/webhooks/event-types", { signal })),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The secret comes back once, in this answer; the web app never stores it. */
export function useCreateWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: WebhookCreate) =>
      unwrap(
        api.POST("/api/v1/webhooks", {
          body,
          params: { header: { "idempotency-key": idempotencyKey() } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: webhooksKey, exact: true }),
  });
}

/** Save changes with the version read (If-Match); a 412 carries the webhook as it is now. */
export function useUpdateWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      version,
      changes,
    }: {
      id: string;
      version: number;
      changes: WebhookUpdate;
    }) =>
      unwrap(
        api.PATCH("/api/v1/webhooks/{webhook_id}", {
          params: { path: { webhook_id: id }, header: { "If-Match": String(version) } },
          body: changes,
        }),
      ),
    onSuccess: (saved) => {
      client.setQueryData<Webhook[]>(webhooksKey, (list) =>
        list?.map((w) => (w.id === saved.id ? saved : w)),
      );
    },
    onSettled: () => client.invalidateQueries({ queryKey: webhooksKey, exact: true }),
  });
}

export function useDeleteWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/webhooks/{webhook_id}", { params: { path: { webhook_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: webhooksKey, exact: true }),
  });
}

/** A new signing secret, shown once; the old one signs nothing from now on. */
export function useRotateWebhookSecret() {
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.POST("/api/v1/webhooks/{webhook_id}/rotate-secret", {
          params: { path: { webhook_id: id } },
        }),
      ),
  });
}

/** Queue a `webhook.test` delivery; the log shows how it went. */
export function useSendTestEvent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.POST("/api/v1/webhooks/{webhook_id}/test", { params: { path: { webhook_id: id } } }),
      ),
    onSuccess: (_delivery, id) => client.invalidateQueries({ queryKey: deliveriesKey(id) }),
  });
}

const UNFINISHED = new Set(["pending", "retrying"]);

/** A webhook's latest deliveries, read again every few seconds while one waits to be sent. */
export function useDeliveries(id: string, enabled: boolean) {
  return useQuery({
    queryKey: deliveriesKey(id),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/webhooks/{webhook_id}/deliveries", {
          params: { path: { webhook_id: id }, query: { limit: 20 } },
          signal,
        }),
      ),
    enabled,
    refetchInterval: (query) =>
      query.state.data?.items.some((d) => d.status === "pending") ? 3_000 : false,
    select: (page) => page.items,
  });
}

export const isUnfinished = (d: WebhookDelivery) => UNFINISHED.has(d.status);

/** One delivery with its body and every attempt. */
export function useDelivery(id: string | null) {
  return useQuery({
    queryKey: ["webhook-deliveries", id],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/webhook-deliveries/{delivery_id}", {
          params: { path: { delivery_id: id ?? "" } },
          signal,
        }),
      ),
    enabled: Boolean(id),
  });
}

/** Send a delivery once more (same webhook-id and body). */
export function useReplayDelivery(webhookId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) =>
      unwrap(
        api.POST("/api/v1/webhook-deliveries/{delivery_id}/replay", {
          params: { path: { delivery_id: deliveryId } },
        }),
      ),
    onSuccess: (_d, deliveryId) => {
      void client.invalidateQueries({ queryKey: deliveriesKey(webhookId) });
      void client.invalidateQueries({ queryKey: ["webhook-deliveries", deliveryId] });
    },
  });
}
