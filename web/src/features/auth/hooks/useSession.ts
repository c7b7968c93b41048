import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, setCsrfToken, unwrap } from "../../../api/client";
import { isApiError, isNetworkError } from "../../../api/errors";
import type { Locale, Session, User } from "../../../api/types";
import { changeLocale, isLocale } from "../../../i18n";
import { forgetUser, rememberUser } from "./lastUser";

export const sessionKey = ["session"] as const;

async function fetchSession(): Promise<Session | null> {
  try {
    const session = await unwrap(api.GET("/api/v1/auth/session"));
    setCsrfToken(session.csrf_token);
    rememberUser(session.user);
    return session;
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

/** The signed-in session, `null` when signed out. */
export function useSession() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: fetchSession,
    staleTime: 5 * 60_000,
    // Offline, fail fast (and fall back to the last user) instead of waiting for a network.
    networkMode: "always",
    // Every screen reads the session: mounting one must not refetch it (nor loop when offline).
    retryOnMount: false,
    refetchOnMount: false,
    retry: (count, error) => !isNetworkError(error) && !isApiError(error) && count < 1,
  });
}

export function useCurrentUser(): User | undefined {
  return useSession().data?.user;
}

export function useSignIn() {
  const client = useQueryClient();
  const { i18n } = useTranslation();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      unwrap(api.POST("/api/v1/auth/login", { body })),
    onSuccess: async (session) => {
      setCsrfToken(session.csrf_token);
      rememberUser(session.user);
      // The interface follows the language chosen on the account.
      if (isLocale(session.user.locale)) await changeLocale(session.user.locale, i18n);
      client.setQueryData(sessionKey, session);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/logout")),
    onSettled: () => {
      setCsrfToken(null);
      forgetUser();
      client.clear();
      client.setQueryData(sessionKey, null);
    },
  });
}

/** Change the interface language now, and remember it on the user's account. */
export function useChangeLocale() {
  const client = useQueryClient();
  const { i18n } = useTranslation();
  return useMutation({
    mutationFn: async (locale: Locale) => {
      await changeLocale(locale, i18n);
      return unwrap(api.PATCH("/api/v1/me", { body: { locale } }));
    },
    onSuccess: (user) => {
      rememberUser(user);
      client.setQueryData<Session | null>(sessionKey, (old) => (old ? { ...old, user } : old));
    },
  });
}

export function useUpdateMe() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { display_name?: string; timezone?: string }) =>
      unwrap(api.PATCH("/api/v1/me", { body })),
    onSuccess: (user) => {
      rememberUser(user);
      client.setQueryData<Session | null>(sessionKey, (old) => (old ? { ...old, user } : old));
    },
  });
}
