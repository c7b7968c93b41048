/** The service desk's setup: queues, SLA policies, canned replies, mailboxes. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, idempotencyKey, unwrap } from "../../../api/client";
import type {
  CannedCreate,
  CannedUpdate,
  MailboxCreate,
  MailboxUpdate,
  SlaPolicyIn,
  TicketPriority,
  TicketQueueCreate,
  TicketQueueUpdate,
} from "../../../api/types";

const queuesKey = ["ticket-queues"] as const;
const slaKey = ["sla-policies"] as const;
const cannedKey = ["canned-replies"] as const;
const mailboxesKey = ["mailboxes"] as const;

export function useQueues() {
  return useQuery({
    queryKey: queuesKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/ticket-queues", { signal })),
    staleTime: 60_000,
  });
}

export function useSaveQueue() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: {
      id?: string;
      version?: number;
      body: TicketQueueCreate | TicketQueueUpdate;
    }) =>
      v.id
        ? unwrap(
            api.PATCH("/api/v1/ticket-queues/{queue_id}", {
              params: { path: { queue_id: v.id }, header: { "If-Match": String(v.version) } },
              body: v.body,
            }),
          )
        : unwrap(
            api.POST("/api/v1/ticket-queues", {
              params: { header: { "idempotency-key": idempotencyKey() } },
              body: v.body as TicketQueueCreate,
            }),
          ),
    onSettled: () => client.invalidateQueries({ queryKey: queuesKey }),
  });
}

export function useSlaPolicies() {
  return useQuery({
    queryKey: slaKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/sla-policies", { signal })),
    staleTime: 5 * 60_000,
  });
}

export function usePutSlaPolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { priority: TicketPriority; tier?: string | null; body: SlaPolicyIn }) =>
      unwrap(
        api.PUT("/api/v1/sla-policies/{priority}", {
          params: { path: { priority: v.priority }, query: v.tier ? { tier: v.tier } : {} },
          body: v.body,
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: slaKey }),
  });
}

/** Drop a customer tier's own targets (its customers get every customer's again). */
export function useDeleteSlaPolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { priority: TicketPriority; tier: string }) =>
      unwrap(
        api.DELETE("/api/v1/sla-policies/{priority}", {
          params: { path: { priority: v.priority }, query: { tier: v.tier } },
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: slaKey }),
  });
}

/** Customer tiers by lifetime spend, as the operator set them (highest first). */
export function useCustomerTiers() {
  return useQuery({
    queryKey: ["customer-tiers"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/customer-tiers", { signal })),
    staleTime: 5 * 60_000,
  });
}

export function useCannedReplies() {
  return useQuery({
    queryKey: cannedKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/canned-replies", { signal })),
    staleTime: 60_000,
  });
}

export function useSaveCanned() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { id?: string; version?: number; body: CannedCreate | CannedUpdate }) =>
      v.id
        ? unwrap(
            api.PATCH("/api/v1/canned-replies/{canned_id}", {
              params: { path: { canned_id: v.id }, header: { "If-Match": String(v.version) } },
              body: v.body,
            }),
          )
        : unwrap(
            api.POST("/api/v1/canned-replies", {
              params: { header: { "idempotency-key": idempotencyKey() } },
              body: v.body as CannedCreate,
            }),
          ),
    onSettled: () => client.invalidateQueries({ queryKey: cannedKey }),
  });
}

export function useDeleteCanned() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE("/api/v1/canned-replies/{canned_id}", { params: { path: { canned_id: id } } }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: cannedKey }),
  });
}

export function useMailboxes() {
  return useQuery({
    queryKey: mailboxesKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/mailboxes", { signal })),
  });
}

export function useSaveMailbox() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { id?: string; version?: number; body: MailboxCreate | MailboxUpdate }) =>
      v.id
        ? unwrap(
            api.PATCH("/api/v1/mailboxes/{mailbox_id}", {
              params: { path: { mailbox_id: v.id }, header: { "If-Match": String(v.version) } },
              body: v.body,
            }),
          )
        : unwrap(
            api.POST("/api/v1/mailboxes", {
              params: { header: { "idempotency-key": idempotencyKey() } },
              body: v.body as MailboxCreate,
            }),
          ),
    onSettled: () => client.invalidateQueries({ queryKey: mailboxesKey }),
  });
}

export function useRotateMailboxToken() {
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.POST("/api/v1/mailboxes/{mailbox_id}/rotate-token", {
          params: { path: { mailbox_id: id } },
        }),
      ),
  });
}
