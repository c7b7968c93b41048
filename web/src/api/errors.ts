/** Problem details (RFC 9457) as the API sends them, and the error the client throws. */

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  errors?: FieldProblem[];
  request_id?: string;
  /** On 412: the record as it is now. */
  current?: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem | undefined) {
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
