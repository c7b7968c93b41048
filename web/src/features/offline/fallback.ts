/**
 * The bridge between the existing feature hooks and the local store: offline (or when the
 * server cannot be reached) reads come from IndexedDB and writes go to the outbox. Dexie is
 * only loaded the first time it is needed, so the first route stays small.
 */
import { isNetworkError } from "../../api/errors";

export type LocalModule = typeof import("./local");

export const loadLocal = (): Promise<LocalModule> => import("./local");

export function isOffline(): boolean {
  return typeof navigator !== "undefined" && navigator.onLine === false;
}

/** The server's answer, or — offline — the local store's (when it holds the record). */
export async function onlineOrLocal<T>(
  online: () => Promise<T>,
  local: (m: LocalModule) => Promise<T | undefined>,
): Promise<T> {
  if (!isOffline()) {
    try {
      return await online();
    } catch (error) {
      if (!isNetworkError(error)) throw error;
      const found = await local(await loadLocal()).catch(() => undefined);
      if (found === undefined) throw error;
      return found;
    }
  }
  const found = await local(await loadLocal());
  if (found === undefined) throw new TypeError("Offline and not in the local store");
  return found;
}

/** Send now, or — offline — queue it in the outbox and answer with the local view. */
export async function sendOrQueue<T>(
  online: () => Promise<T>,
  queue: (m: LocalModule) => Promise<T>,
): Promise<T> {
  if (!isOffline()) {
    try {
      return await online();
    } catch (error) {
      if (!isNetworkError(error)) throw error;
    }
  }
  return queue(await loadLocal());
}
