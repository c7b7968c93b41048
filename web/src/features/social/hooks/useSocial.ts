import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, idempotencyKey, unwrap } from "../../../api/client";
import { isConflict } from "../../../api/errors";
import { type PageFetcher, useInfiniteList } from "../../../lib/lists";
import { type InboxState, inboxQuery } from "../inboxParams";
import type { SocialConvert, SocialPost, SocialPostDetail, SocialPostUpdate } from "../types";

export const socialKey = ["social"] as const;
const postKey = (id: string) => [...socialKey, "post", id] as const;
const threadKey = (id: string) => [...socialKey, "thread", id] as const;
const decisionsKey = (id: string) => [...socialKey, "decisions", id] as const;

export function inboxPages(state: InboxState): PageFetcher<SocialPost> {
  const query = inboxQuery(state);
  return ({ cursor, limit, signal }) =>
    unwrap(
      api.GET("/api/v1/social/posts", { params: { query: { ...query, cursor, limit } }, signal }),
    );
}

export function useInbox(state: InboxState) {
  return useInfiniteList([...socialKey, "list", inboxQuery(state)], inboxPages(state), {
    limit: 30,
  });
}

export function useSocialPost(id: string | null) {
  return useQuery({
    queryKey: postKey(id ?? ""),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/social/posts/{post_id}", {
          params: { path: { post_id: id ?? "" } },
          signal,
        }),
      ),
    enabled: Boolean(id),
  });
}

export function useSocialThread(id: string) {
  return useQuery({
    queryKey: threadKey(id),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/social/posts/{post_id}/thread", {
          params: { path: { post_id: id } },
          signal,
        }),
      ),
    // A reply is sent by a job: follow it until it is sent or has failed.
    refetchInterval: (query) =>
      query.state.data?.entries.some((e) => e.reply?.status === "pending") ? 2_000 : false,
  });
}

export function useSocialDecisions(id: string) {
  return useQuery({
    queryKey: decisionsKey(id),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/social/posts/{post_id}/decisions", {
          params: { path: { post_id: id } },
          signal,
        }),
      ),
  });
}

/** After a change to a post: its own cache takes the answer, and the lists refresh. */
function usePostChanged(id: string) {
  const client = useQueryClient();
  return (post?: SocialPost | SocialPostDetail) => {
    if (post) {
      client.setQueryData<SocialPostDetail>(postKey(id), (old) =>
        old ? { ...old, ...post } : (post as SocialPostDetail),
      );
    }
    void client.invalidateQueries({ queryKey: [...socialKey, "list"] });
    void client.invalidateQueries({ queryKey: decisionsKey(id) });
    void client.invalidateQueries({ queryKey: threadKey(id) });
  };
}

export function useAssignPost(id: string) {
  const changed = usePostChanged(id);
  return useMutation({
    mutationFn: (body: { assignee_id: string | null; team_id?: string | null }) =>
      unwrap(
        api.POST("/api/v1/social/posts/{post_id}/assign", {
          params: { path: { post_id: id } },
          body,
        }),
      ),
    onSuccess: changed,
  });
}

export function useMarkDone(id: string) {
  const changed = usePostChanged(id);
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/social/posts/{post_id}/done", { params: { path: { post_id: id } } }),
      ),
    onSuccess: changed,
  });
}

export function useConvertPost(id: string) {
  const changed = usePostChanged(id);
  return useMutation({
    mutationFn: (body: SocialConvert) =>
      unwrap(
        api.POST("/api/v1/social/posts/{post_id}/convert", {
          params: { path: { post_id: id } },
          body,
        }),
      ),
    onSuccess: changed,
  });
}

/** Status changes and sentiment corrections, with the version read (If-Match). */
export function useUpdatePost(id: string) {
  const client = useQueryClient();
  const changed = usePostChanged(id);
  return useMutation({
    mutationFn: ({ version, changes }: { version: number; changes: SocialPostUpdate }) =>
      unwrap(
        api.PATCH("/api/v1/social/posts/{post_id}", {
          params: { path: { post_id: id }, header: { "If-Match": String(version) } },
          body: changes,
        }),
      ),
    onSuccess: changed,
    onError: (error) => {
      if (isConflict(error) && error.problem.current)
        client.setQueryData(postKey(id), error.problem.current as SocialPostDetail);
    },
  });
}

export function useReply(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (text: string) =>
      unwrap(
        api.POST("/api/v1/social/posts/{post_id}/reply", {
          params: { path: { post_id: id }, header: { "idempotency-key": idempotencyKey() } },
          body: { text },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: threadKey(id) });
      void client.invalidateQueries({ queryKey: postKey(id) });
      void client.invalidateQueries({ queryKey: [...socialKey, "list"] });
    },
  });
}

export function useRetryReply(postId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (replyId: string) =>
      unwrap(
        api.POST("/api/v1/social/replies/{reply_id}/retry", {
          params: { path: { reply_id: replyId } },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: threadKey(postId) }),
  });
}

export function useSocialAnalytics(range: { since?: string; platform?: string[] }) {
  return useQuery({
    queryKey: [...socialKey, "analytics", range],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/social/analytics", {
          params: {
            query: {
              since: range.since,
              platform: range.platform?.length
                ? (range.platform as ("facebook" | "instagram" | "whatsapp" | "x" | "other")[])
                : undefined,
            },
          },
          signal,
        }),
      ),
  });
}

export function useSocialAlerts() {
  return useQuery({
    queryKey: [...socialKey, "alerts"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/social/alerts", { signal })),
  });
}
