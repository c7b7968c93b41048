/**
 * The one HTTP client of the web app: typed by the generated OpenAPI schema.
 * It adds the CSRF header to unsafe requests and reports 401s so the app can send the user
 * back to sign-in. Components never call it directly: feature hooks do.
 */
import createClient, { type Middleware } from "openapi-fetch";
import { ApiError, type Problem } from "./errors";
import type { paths } from "./schema";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const CSRF_COOKIE = "sampark_csrf";

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

export function readCsrfCookie(): string | null {
  if (typeof document === "undefined") return null;
  const match = document.cookie.match(new RegExp(`(?:^|;\\s*)${CSRF_COOKIE}=([^;]+)`));
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called whenever an API call other than sign-in answers 401. Returns an unsubscribe. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const middleware: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method)) {
      const token = csrfToken ?? readCsrfCookie();
      if (token) request.headers.set("X-CSRF-Token", token);
    }
    return request;
  },
  onResponse({ request, response }) {
    const path = new URL(request.url).pathname;
    if (response.status === 401 && !path.startsWith("/api/v1/auth/")) {
      for (const listener of unauthorizedListeners) listener();
    }
    return response;
  },
};

const origin = typeof location !== "undefined" ? location.origin : "http://localhost";

export const api = createClient<paths>({
  baseUrl: origin,
  // Looked up on each call so tests can replace globalThis.fetch.
  fetch: (request: Request) => globalThis.fetch(request),
});
api.use(middleware);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Resolve to the body of a successful answer, or throw an ApiError with its problem. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    throw new ApiError(response.status, (error ?? undefined) as Problem | undefined);
  }
  return data as T;
}

/** A fresh key for POSTs that create, so a retried request never creates twice. */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}

/** The filter query parameter: the JSON tree, or nothing. */
export function filterParam(filter: unknown): string | undefined {
  return filter ? JSON.stringify(filter) : undefined;
}
