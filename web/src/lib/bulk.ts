import { isApiError } from "../api/errors";

/** What a bulk action did: how many went through, and why the others did not. */
export interface BulkResult {
  succeeded: number;
  failed: number;
  /** Failures counted by the API's problem code (version_mismatch, not_found, …). */
  failures?: Record<string, number>;
  /** Puts things back as they were (offered as "Undo" after a delete). */
  undo?: () => Promise<unknown>;
}

/** The reason code of a failed request: the problem's code, else one named by its status. */
export function failureCode(error: unknown): string {
  if (!isApiError(error)) return "network";
  if (error.code) return error.code;
  switch (error.status) {
    case 403:
      return "permission_denied";
    case 404:
      return "not_found";
    case 409:
      return "conflict";
    case 412:
      return "version_mismatch";
    case 422:
      return "validation_failed";
    default:
      return "other";
  }
}

function count(into: Record<string, number>, code: string) {
  into[code] = (into[code] ?? 0) + 1;
}

/** The answer of a `PATCH …/bulk` endpoint, as counts and reasons. */
export function bulkOutcome(answer: {
  succeeded: number;
  failed: number;
  items: { status: number; code?: string | null }[];
}): BulkResult {
  const failures: Record<string, number> = {};
  for (const item of answer.items) {
    if (item.status >= 300) count(failures, item.code || `http_${item.status}`);
  }
  return { succeeded: answer.succeeded, failed: answer.failed, failures };
}

/**
 * Run one request per item, a few at a time, and count what went through. `done` lists the
 * items that succeeded (to undo them, for instance).
 */
export async function eachLimited<T>(
  items: T[],
  run: (item: T) => Promise<unknown>,
  concurrency = 4,
): Promise<BulkResult & { done: T[] }> {
  let succeeded = 0;
  let failed = 0;
  const failures: Record<string, number> = {};
  const done: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await run(item);
        succeeded++;
        done.push(item);
      } catch (error) {
        failed++;
        count(failures, failureCode(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return { succeeded, failed, failures, done };
}

export function withTag(tags: string[], tag: string): string[] {
  return tags.includes(tag) ? tags : [...tags, tag];
}

interface Versioned {
  id: string;
  version: number;
  tags: string[];
}

/**
 * The usual bulk handlers of a record list: assign and tag in one bulk PATCH, delete one by one
 * (and, when `restore` is given, an undo that restores what was deleted).
 */
export function recordBulk<T extends Versioned>(options: {
  patch: (
    items: { id: string; version: number; changes: { owner_id?: string; tags?: string[] } }[],
  ) => Promise<BulkResult>;
  remove: (id: string) => Promise<unknown>;
  restore?: (id: string) => Promise<unknown>;
  /** After every action (invalidate the lists). */
  settled: () => void;
}) {
  const after = (result: BulkResult) => {
    options.settled();
    return result;
  };
  return {
    assign: (rows: T[], ownerId: string) =>
      options
        .patch(rows.map((r) => ({ id: r.id, version: r.version, changes: { owner_id: ownerId } })))
        .then(after),
    addTag: (rows: T[], tag: string) =>
      options
        .patch(
          rows.map((r) => ({
            id: r.id,
            version: r.version,
            changes: { tags: withTag(r.tags, tag) },
          })),
        )
        .then(after),
    remove: async (rows: T[]): Promise<BulkResult> => {
      const { done, ...result } = await eachLimited(rows, (r) => options.remove(r.id));
      const restore = options.restore;
      return after({
        ...result,
        undo: restore
          ? () => eachLimited(done, (r) => restore(r.id)).finally(options.settled)
          : undefined,
      });
    },
  };
}
