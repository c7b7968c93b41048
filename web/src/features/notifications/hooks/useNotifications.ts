import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { api, unwrap } from "../../../api/client";
import type { Notification, NotificationPage } from "../../../api/types";

export const notificationsKey = ["notifications"] as const;

/** How often the bell asks when it cannot listen to the stream. */
export const POLL_MS = 60_000;
export const STREAM_URL = "/api/v1/notifications/stream";

/** The newest notifications and the unread count (what the bell shows). */
export function useNotifications(options: { poll: boolean; enabled?: boolean }) {
  return useQuery({
    queryKey: notificationsKey,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/notifications", { params: { query: { limit: 20 } }, signal })),
    refetchInterval: options.poll ? POLL_MS : false,
    enabled: options.enabled ?? true,
  });
}

function patchCache(
  client: ReturnType<typeof useQueryClient>,
  change: (page: NotificationPage) => NotificationPage,
) {
  client.setQueryData<NotificationPage>(notificationsKey, (page) => (page ? change(page) : page));
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.POST("/api/v1/notifications/{notification_id}/read", {
          params: { path: { notification_id: id } },
        }),
      ),
    onMutate: (id) => {
      const now = new Date().toISOString();
      patchCache(client, (page) => {
        const target = page.items.find((n) => n.id === id);
        if (!target || target.read_at) return page;
        return {
          ...page,
          unread: Math.max(0, page.unread - 1),
          items: page.items.map((n) => (n.id === id ? { ...n, read_at: now } : n)),
        };
      });
    },
    onSettled: () => client.invalidateQueries({ queryKey: notificationsKey }),
  });
}

export function useMarkAllRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/notifications/read-all")),
    onMutate: () => {
      const now = new Date().toISOString();
      patchCache(client, (page) => ({
        ...page,
        unread: 0,
        items: page.items.map((n) => (n.read_at ? n : { ...n, read_at: now })),
      }));
    },
    onSettled: () => client.invalidateQueries({ queryKey: notificationsKey }),
  });
}

/**
 * Listen to the server's notification stream (Server-Sent Events, same-origin cookie auth).
 * Returns whether it is connected: while it is not, the bell polls instead. A new notification
 * goes to the top of the cached list and to `onNotification`.
 */
export function useNotificationStream(
  enabled: boolean,
  onNotification: (notification: Notification) => void,
): boolean {
  const client = useQueryClient();
  const [live, setLive] = useState(false);
  const callback = useRef(onNotification);
  callback.current = onNotification;

  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") return;
    let source: EventSource | null = new EventSource(STREAM_URL, { withCredentials: true });
    let failures = 0;
    let opens = 0;
    source.onopen = () => {
      failures = 0;
      setLive(true);
      // Back after a drop: what came meanwhile is only in the list.
      if (++opens > 1) void client.invalidateQueries({ queryKey: notificationsKey });
    };
    source.onerror = () => {
      setLive(false);
      failures += 1;
      // Closed (a 404 from a server without the stream, a 401) or flapping: poll instead.
      if (source && (source.readyState === EventSource.CLOSED || failures > 3)) {
        source.close();
        source = null;
      }
    };
    source.addEventListener("unread", (event) => {
      try {
        const { unread } = JSON.parse((event as MessageEvent<string>).data) as { unread: number };
        patchCache(client, (page) => ({ ...page, unread }));
      } catch {
        // a malformed event is ignored
      }
    });
    source.addEventListener("notification", (event) => {
      let item: Notification;
      try {
        item = JSON.parse((event as MessageEvent<string>).data) as Notification;
      } catch {
        return;
      }
      const cached = client.getQueryData<NotificationPage>(notificationsKey);
      if (cached?.items.some((n) => n.id === item.id)) return;
      patchCache(client, (page) => ({
        ...page,
        unread: page.unread + (item.read_at ? 0 : 1),
        items: [item, ...page.items].slice(0, 20),
      }));
      callback.current(item);
    });
    return () => {
      source?.close();
      setLive(false);
    };
  }, [enabled, client]);

  return live;
}
