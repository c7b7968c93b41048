/** The social settings: connectors, routing rules, tracked keywords, term overrides, the alert. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, idempotencyKey, unwrap } from "../../../api/client";
import type {
  SocialAlertSettingsUpdate,
  SocialConnectorCreate,
  SocialConnectorUpdate,
  SocialKeywordCreate,
  SocialRuleCreate,
  SocialRuleUpdate,
  SocialTermCreate,
} from "../types";

const key = {
  connectors: ["social-connectors"] as const,
  rules: ["social-rules"] as const,
  keywords: ["social-keywords"] as const,
  terms: ["social-terms"] as const,
  alert: ["social-alert-settings"] as const,
};
const ifMatch = (version: number) => ({ "If-Match": String(version) });
const idem = () => ({ "idempotency-key": idempotencyKey() });

export function useConnectors() {
  return useQuery({
    queryKey: key.connectors,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/social-connectors", { signal })),
  });
}

export function useSaveConnector() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: {
      id?: string;
      version?: number;
      body: SocialConnectorCreate | SocialConnectorUpdate;
    }) =>
      v.id
        ? unwrap(
            api.PATCH("/api/v1/social-connectors/{connector_id}", {
              params: { path: { connector_id: v.id }, header: ifMatch(v.version ?? 0) },
              body: v.body as SocialConnectorUpdate,
            }),
          )
        : unwrap(
            api.POST("/api/v1/social-connectors", {
              params: { header: idem() },
              body: v.body as SocialConnectorCreate,
            }),
          ),
    onSettled: () => client.invalidateQueries({ queryKey: key.connectors }),
  });
}

export function useDeleteConnector() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE("/api/v1/social-connectors/{connector_id}", {
          params: { path: { connector_id: id } },
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: key.connectors }),
  });
}

export function useRules() {
  return useQuery({
    queryKey: key.rules,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/social-rules", { signal })),
  });
}

export function useSaveRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: {
      id?: string;
      version?: number;
      body: SocialRuleCreate | SocialRuleUpdate;
    }) =>
      v.id
        ? unwrap(
            api.PATCH("/api/v1/social-rules/{rule_id}", {
              params: { path: { rule_id: v.id }, header: ifMatch(v.version ?? 0) },
              body: v.body as SocialRuleUpdate,
            }),
          )
        : unwrap(
            api.POST("/api/v1/social-rules", {
              params: { header: idem() },
              body: v.body as SocialRuleCreate,
            }),
          ),
    onSettled: () => client.invalidateQueries({ queryKey: key.rules }),
  });
}

export function useDeleteRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/social-rules/{rule_id}", { params: { path: { rule_id: id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: key.rules }),
  });
}

export function useKeywords() {
  return useQuery({
    queryKey: key.keywords,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/social-keywords", { signal })),
  });
}

export function useCreateKeyword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SocialKeywordCreate) =>
      unwrap(api.POST("/api/v1/social-keywords", { params: { header: idem() }, body })),
    onSettled: () => client.invalidateQueries({ queryKey: key.keywords }),
  });
}

export function useToggleKeyword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; version: number; enabled: boolean }) =>
      unwrap(
        api.PATCH("/api/v1/social-keywords/{keyword_id}", {
          params: { path: { keyword_id: v.id }, header: ifMatch(v.version) },
          body: { enabled: v.enabled },
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: key.keywords }),
  });
}

export function useDeleteKeyword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE("/api/v1/social-keywords/{keyword_id}", {
          params: { path: { keyword_id: id } },
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: key.keywords }),
  });
}

export function useTerms(source: "manual" | "learned") {
  return useQuery({
    queryKey: [...key.terms, source],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/social-terms", { params: { query: { source } }, signal })),
  });
}

export function useCreateTerm() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SocialTermCreate) =>
      unwrap(api.POST("/api/v1/social-terms", { params: { header: idem() }, body })),
    onSettled: () => client.invalidateQueries({ queryKey: key.terms }),
  });
}

export function useUpdateTerm() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: {
      id: string;
      version: number;
      changes: { weight?: number; active?: boolean };
    }) =>
      unwrap(
        api.PATCH("/api/v1/social-terms/{term_id}", {
          params: { path: { term_id: v.id }, header: ifMatch(v.version) },
          body: v.changes,
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: key.terms }),
  });
}

export function useDeleteTerm() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/social-terms/{term_id}", { params: { path: { term_id: id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: key.terms }),
  });
}

export function useAlertSettings() {
  return useQuery({
    queryKey: key.alert,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/social-alerts/settings", { signal })),
  });
}

export function useSaveAlertSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { version: number; body: SocialAlertSettingsUpdate }) =>
      unwrap(
        api.PATCH("/api/v1/social-alerts/settings", {
          params: { header: ifMatch(v.version) },
          body: v.body,
        }),
      ),
    onSuccess: (data) => client.setQueryData(key.alert, data),
    onError: () => client.invalidateQueries({ queryKey: key.alert }),
  });
}

export function useCheckAlert() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/social-alerts/check")),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: key.alert });
      void client.invalidateQueries({ queryKey: ["social", "alerts"] });
    },
  });
}
