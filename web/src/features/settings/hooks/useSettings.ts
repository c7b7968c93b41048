import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, idempotencyKey, unwrap } from "../../../api/client";
import type {
  TeamCreate,
  TeamUpdate,
  TokenCreate,
  UserCreate,
  UserUpdate,
} from "../../../api/types";
import { useInfiniteList } from "../../../lib/lists";
import { usersKey } from "../../users/hooks/useUsers";

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreate) =>
      unwrap(
        api.POST("/api/v1/users", {
          body,
          params: { header: { "idempotency-key": idempotencyKey() } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: usersKey }),
  });
}

/** Role, teams, active flag…: with the version the admin read (If-Match; 412 when stale). */
export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, changes }: { id: string; version: number; changes: UserUpdate }) =>
      unwrap(
        api.PATCH("/api/v1/users/{user_id}", {
          params: { path: { user_id: id }, header: { "If-Match": String(version) } },
          body: changes,
        }),
      ),
    onSettled: (_data, _error, variables) => {
      void client.invalidateQueries({ queryKey: usersKey });
      if (variables.changes.team_ids) void client.invalidateQueries({ queryKey: teamsKey });
    },
  });
}

/**
 * Give a user a new password: the one sent, or — with none — a generated one that this answer
 * holds once. The user's sessions end.
 */
export function useResetPassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, password }: { id: string; password?: string }) =>
      unwrap(
        api.POST("/api/v1/users/{user_id}/password", {
          params: { path: { user_id: id } },
          body: password ? { password } : {},
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: usersKey }),
  });
}

export const teamsKey = ["teams"] as const;

export function useTeams() {
  return useQuery({
    queryKey: teamsKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/teams", { signal })),
  });
}

export function useCreateTeam() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TeamCreate) =>
      unwrap(
        api.POST("/api/v1/teams", {
          body,
          params: { header: { "idempotency-key": idempotencyKey() } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: teamsKey }),
  });
}

/** Rename, change members or leads: with the version the admin read (If-Match). */
export function useUpdateTeam() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, changes }: { id: string; version: number; changes: TeamUpdate }) =>
      unwrap(
        api.PATCH("/api/v1/teams/{team_id}", {
          params: { path: { team_id: id }, header: { "If-Match": String(version) } },
          body: changes,
        }),
      ),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: teamsKey });
      // Users list their teams.
      void client.invalidateQueries({ queryKey: usersKey });
    },
  });
}

export function useDeleteTeam() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/teams/{team_id}", { params: { path: { team_id: id } } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: teamsKey });
      void client.invalidateQueries({ queryKey: usersKey });
    },
  });
}

export const tokensKey = ["tokens"] as const;

export function useTokens() {
  return useQuery({
    queryKey: tokensKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/tokens", { signal })),
  });
}

export function useTokenScopes() {
  return useQuery({
    queryKey: [...tokensKey, "scopes"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/tokens/scopes", { signal })),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The secret comes back once, in this answer; it is never stored by the web app. */
export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TokenCreate) => unwrap(api.POST("/api/v1/tokens", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/tokens/{token_id}", { params: { path: { token_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: tokensKey }),
  });
}

export interface AuditQuery {
  action?: string;
  object_type?: string;
}

export function useAuditLog(query: AuditQuery) {
  return useInfiniteList(["audit", query], ({ cursor, limit, signal }) =>
    unwrap(
      api.GET("/api/v1/audit", {
        params: {
          query: {
            cursor,
            limit,
            action: query.action || undefined,
            object_type: query.object_type || undefined,
          },
        },
        signal,
      }),
    ),
  );
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: () => unwrap(api.GET("/api/v1/audit/verify")) });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { current_password: string; new_password: string }) =>
      unwrap(api.POST("/api/v1/me/password", { body })),
  });
}
