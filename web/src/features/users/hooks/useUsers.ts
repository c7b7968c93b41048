import { queryOptions, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { api, unwrap } from "../../../api/client";
import type { User } from "../../../api/types";

export const usersKey = ["users"] as const;

/** Everyone who can own a record: for owner pickers and showing owners' names. */
export function usersQueryOptions(includeInactive = false) {
  return queryOptions({
    queryKey: [...usersKey, { includeInactive }],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/users", {
          params: { query: { include_inactive: includeInactive } },
          signal,
        }),
      ),
    staleTime: 5 * 60_000,
  });
}

export function useUsers(options: { includeInactive?: boolean } = {}) {
  return useQuery(usersQueryOptions(options.includeInactive ?? false));
}

export function useUserNames(): (id: string | null | undefined) => string {
  const users = useUsers();
  const byId = useMemo(
    () => new Map((users.data ?? []).map((u: User) => [u.id, u.display_name])),
    [users.data],
  );
  return (id) => (id ? (byId.get(id) ?? "") : "");
}

export function useUserOptions() {
  const users = useUsers();
  return useMemo(
    () => (users.data ?? []).map((u) => ({ value: u.id, label: u.display_name })),
    [users.data],
  );
}
