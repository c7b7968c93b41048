/**
 * When sync runs, and what the indicator shows. Started once by the app shell of a signed-in
 * user: syncs on start, on regaining the network, on returning to the tab, every few minutes,
 * after a change is queued, and when the service worker's Background Sync asks (Chromium
 * only — the other triggers are enough without it).
 */
import type { QueryClient } from "@tanstack/react-query";
import { isApiError, isNetworkError } from "../../api/errors";
import { getMeta, wipe } from "./db";
import { syncOnce } from "./engine";
import { emitSynced, onLocalChange, onSyncWanted } from "./events";
import { db } from "./local";
import { httpTransport, type SyncConflict } from "./transport";

export interface SyncState {
  online: boolean;
  syncing: boolean;
  pending: number;
  rejected: number;
  conflicts: number;
  lastSyncAt: string | null;
  error: string | null;
  revoked: boolean;
}

const INTERVAL_MS = 2 * 60_000;
const SW_TAG = "sampark-sync";

let state: SyncState = {
  online: typeof navigator === "undefined" ? true : navigator.onLine,
  syncing: false,
  pending: 0,
  rejected: 0,
  conflicts: 0,
  lastSyncAt: null,
  error: null,
  revoked: false,
};
const listeners = new Set<() => void>();

export const getState = () => state;
export function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
function set(patch: Partial<SyncState>) {
  state = { ...state, ...patch };
  for (const listener of listeners) listener();
}

async function refreshCounts() {
  const [pending, rejected, lastSyncAt, conflicts] = await Promise.all([
    db().outbox.where("status").equals("pending").count(),
    db().outbox.where("status").equals("rejected").count(),
    getMeta<string>(db(), "lastSyncAt"),
    getMeta<SyncConflict[]>(db(), "conflicts"),
  ]);
  set({ pending, rejected, lastSyncAt: lastSyncAt ?? null, conflicts: conflicts?.length ?? 0 });
}

let running: Promise<void> | null = null;
let again = false;
let queryClient: QueryClient | null = null;

/** One sync round at a time; a request made during one runs another right after. */
export function syncNow(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      if (!navigator.onLine) break;
      set({ syncing: true });
      try {
        const report = await syncOnce(db(), httpTransport);
        if (report.revoked) {
          set({ revoked: true });
          break;
        }
        set({ error: null });
        // Online pages read the server; only what this device sent changes what they showed.
        if (report.pushed || report.conflicts || report.rejected) {
          for (const key of ["people", "companies", "deals", "tasks", "activities"])
            void queryClient?.invalidateQueries({ queryKey: [key] });
        }
      } catch (error) {
        // Offline or signed out: the next trigger tries again.
        if (!isNetworkError(error) && !(isApiError(error) && error.status === 401))
          set({ error: error instanceof Error ? error.message : String(error) });
      } finally {
        set({ syncing: false });
        await refreshCounts();
        emitSynced();
      }
    } while (again);
  })().finally(() => {
    running = null;
  });
  return running;
}

async function askBackgroundSync() {
  try {
    const registration = (await navigator.serviceWorker?.ready) as
      | (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })
      | undefined;
    await registration?.sync?.register(SW_TAG);
  } catch {
    // Not supported, or not allowed: the page's own triggers do the work.
  }
}

async function askPersistence() {
  const key = "sampark.persistAsked";
  try {
    if (localStorage.getItem(key) || !navigator.storage?.persist) return;
    localStorage.setItem(key, "1");
    await navigator.storage.persist();
  } catch {
    // ignore
  }
}

let stop: (() => void) | null = null;

/** The store belongs to one user: another user's sign-in on this device starts it afresh. */
async function claim(userId: string | undefined) {
  if (!userId) return;
  const owner = await getMeta<string>(db(), "userId");
  if (owner && owner !== userId) await wipe(db());
  if (owner !== userId) await db().meta.put({ key: "userId", value: userId });
}

export function start(client: QueryClient, userId?: string): () => void {
  queryClient = client;
  if (stop) return stop;
  const online = () => {
    set({ online: true });
    void syncNow();
  };
  const offline = () => set({ online: false });
  const visible = () => {
    if (document.visibilityState === "visible") void syncNow();
  };
  const fromWorker = (event: MessageEvent) => {
    if ((event.data as { type?: string } | null)?.type === SW_TAG) void syncNow();
  };
  let debounce: ReturnType<typeof setTimeout> | undefined;
  const offChange = onLocalChange(() => {
    void refreshCounts();
    if (!navigator.onLine) void askBackgroundSync();
    clearTimeout(debounce);
    debounce = setTimeout(() => void syncNow(), 1500);
  });
  const offWanted = onSyncWanted(() => void syncNow());
  window.addEventListener("online", online);
  window.addEventListener("offline", offline);
  document.addEventListener("visibilitychange", visible);
  navigator.serviceWorker?.addEventListener("message", fromWorker);
  const timer = setInterval(() => void syncNow(), INTERVAL_MS);
  void askPersistence();
  // The first round waits for the page to settle: it is never what the user came for.
  const ready = claim(userId).catch(() => undefined);
  const first = setTimeout(() => void ready.then(syncNow), 1000);
  void ready.then(refreshCounts);

  stop = () => {
    window.removeEventListener("online", online);
    window.removeEventListener("offline", offline);
    document.removeEventListener("visibilitychange", visible);
    navigator.serviceWorker?.removeEventListener("message", fromWorker);
    clearInterval(timer);
    clearTimeout(first);
    clearTimeout(debounce);
    offChange();
    offWanted();
    stop = null;
  };
  return stop;
}

/** Sign-out: stop syncing and forget everything this device holds for the user. */
export async function forget(): Promise<void> {
  stop?.();
  await wipe(db());
  set({ pending: 0, rejected: 0, conflicts: 0, lastSyncAt: null, revoked: false });
}

export async function pendingCount(): Promise<number> {
  return db().outbox.where("status").equals("pending").count();
}

/** Open conflicts from the server (or the last list seen, offline). */
export async function conflicts(): Promise<SyncConflict[]> {
  if (navigator.onLine) {
    const device = await getMeta<string>(db(), "deviceId");
    if (device) {
      try {
        const items = await httpTransport.conflicts(device);
        await db().meta.put({ key: "conflicts", value: items });
        void refreshCounts();
        return items;
      } catch {
        // fall back to the last list seen
      }
    }
  }
  return (await getMeta<SyncConflict[]>(db(), "conflicts")) ?? [];
}

export async function resolve(id: string, choice: SyncConflict["kind"] | string) {
  const device = (await getMeta<string>(db(), "deviceId")) ?? "";
  await httpTransport.resolve(device, id, choice as never);
  await syncNow();
  return conflicts();
}

export async function rejectedEntries() {
  return db().outbox.where("status").equals("rejected").toArray();
}

export async function discardRejected(seq: number) {
  await db().outbox.delete(seq);
  await refreshCounts();
}
