/** Problem details (RFC 9457) as the API sends them, and the error the client throws. */
import type { components } from "./schema";

/** One per-field complaint: `{ field: "emails.0.email", code: "invalid", message: "…" }`. */
export type FieldProblem = components["schemas"]["FieldProblem"];

/** The API's problem+json body, as its OpenAPI document describes it. */
export type Problem = components["schemas"]["Problem"] & {
  /** On 412: the record as it is now. */
  current?: unknown;
};

export class ApiError extends Error {
  readonly status: number;
  /** Partial: a proxy or a crashed server may answer without a problem body. */
  readonly problem: Partial<Problem>;

  constructor(status: number, problem: Partial<Problem> | undefined) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem ?? {};
  }

  get code(): string | undefined {
    return this.problem.code;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** fetch() rejects with a TypeError when the network is down or the server unreachable. */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError;
}

export function isConflict(error: unknown): error is ApiError {
  return isApiError(error) && error.status === 412;
}

/** Per-field messages keyed by the top-level field name (`emails.0.email` → `emails`). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  const out: Record<string, string> = {};
  for (const item of error.problem.errors ?? []) {
    const key = item.field.replace(/^body\./, "").split(".")[0] ?? item.field;
    out[key] ??= item.message;
  }
  return out;
}
