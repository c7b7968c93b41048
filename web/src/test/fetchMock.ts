import { vi } from "vitest";

export interface MockCall {
  method: string;
  path: string;
  search: URLSearchParams;
  headers: Headers;
  body: unknown;
}

type Handler = (
  call: MockCall,
) => Response | Promise<Response> | { status?: number; body?: unknown } | undefined;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  const type = status >= 400 ? "application/problem+json" : "application/json";
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": type, ...headers },
  });
}

/** Replace fetch with routes like "GET /api/v1/people"; records every call. */
export function mockApi(routes: Record<string, Handler>) {
  const calls: MockCall[] = [];
  const spy = vi
    .spyOn(globalThis, "fetch")
    .mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(String(input), init);
      const url = new URL(request.url);
      const text = request.method === "GET" ? "" : await request.clone().text();
      const call: MockCall = {
        method: request.method,
        path: url.pathname,
        search: url.searchParams,
        headers: request.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      calls.push(call);
      const key = Object.keys(routes).find((pattern) => {
        const [method, path] = pattern.split(" ");
        const re = new RegExp(`^${(path ?? "").replace(/\{[^}]+\}/g, "[^/]+")}$`);
        return method === call.method && re.test(call.path);
      });
      const handler = key ? routes[key] : undefined;
      if (!handler)
        return json({ code: "not_found", detail: `no mock for ${call.method} ${call.path}` }, 404);
      const out = await handler(call);
      if (out instanceof Response) return out;
      return json(out?.body ?? {}, out?.status ?? 200);
    });
  return { calls, spy };
}
