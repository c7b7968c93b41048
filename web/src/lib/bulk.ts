import type { BulkResult } from "../ui/list/BulkBar";

/** Run one request per item, a few at a time, and count what went through. */
export async function eachLimited<T>(
  items: T[],
  run: (item: T) => Promise<unknown>,
  concurrency = 4,
): Promise<BulkResult> {
  let succeeded = 0;
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await run(item);
        succeeded++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return { succeeded, failed };
}

export function withTag(tags: string[], tag: string): string[] {
  return tags.includes(tag) ? tags : [...tags, tag];
}
