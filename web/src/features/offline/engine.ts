/**
 * One sync round (docs/sync.md "Client loop"): make sure the device is registered, push the
 * outbox in order, then pull until `has_more` is false. Pure of React: the runtime (runtime.ts)
 * decides when to run it, tests run it against a fake server.
 */
import { isApiError } from "../../api/errors";
import {
  type Data,
  getMeta,
  type LocalDb,
  type OutboxEntry,
  recordKey,
  SYNC_TYPES,
  type SyncType,
  setMeta,
  wipe,
} from "./db";
import type { MutationIn, MutationResult, Transport } from "./transport";
import { uuidv7 } from "./uuid";

export const PULL_LIMIT = 500;
const PUSH_BATCH = 500;

export interface SyncReport {
  pushed: number;
  pulled: number;
  conflicts: number;
  rejected: number;
  /** The device was revoked: everything local was wiped and the user must sign in again. */
  revoked?: boolean;
}

export class DeviceRevoked extends Error {}

function deviceName(): string {
  const ua = typeof navigator !== "undefined" ? navigator.userAgent : "";
  const browser = /Firefox\//.test(ua)
    ? "Firefox"
    : /Edg\//.test(ua)
      ? "Edge"
      : /Chrom/.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : "Browser";
  const os = /Android/.test(ua)
    ? "Android"
    : /iPhone|iPad/.test(ua)
      ? "iOS"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : "";
  return `${browser}${os ? ` on ${os}` : ""}`;
}

/** The device id, registering it with the server the first time (safe to retry). */
export async function ensureDevice(db: LocalDb, transport: Transport): Promise<string> {
  const known = await getMeta<string>(db, "deviceId");
  if (known && (await getMeta<boolean>(db, "registered"))) return known;
  const id = known ?? uuidv7();
  await setMeta(db, "deviceId", id);
  await transport.register(id, deviceName());
  await setMeta(db, "registered", true);
  return id;
}

const isRevoked = (error: unknown) =>
  isApiError(error) && error.status === 410 && error.code === "device_revoked";
const isUnknownDevice = (error: unknown) =>
  isApiError(error) && error.status === 404 && error.code === "device_unknown";

async function storeRecord(db: LocalDb, type: string, id: string, version: number, data: Data) {
  if (!(SYNC_TYPES as readonly string[]).includes(type)) return;
  const key = recordKey(type, id);
  const held = await db.records.get(key);
  // Pages are idempotent: keep the higher version.
  if (held && held.version > version) return;
  await db.records.put({ key, type: type as SyncType, id, version, data });
}

function toMutation(entry: OutboxEntry): MutationIn {
  return {
    client_mutation_id: entry.client_mutation_id,
    type: entry.type,
    id: entry.id,
    op: entry.op,
    fields: entry.fields,
    base: entry.base,
    base_version: entry.base_version,
  };
}

async function applyResult(db: LocalDb, entry: OutboxEntry, result: MutationResult) {
  const seq = entry.seq as number;
  switch (result.status) {
    case "applied":
    case "conflict":
    case "duplicate": {
      const record =
        result.record ?? (result.first?.record as Data | undefined | null) ?? undefined;
      const version = result.version ?? (result.first?.version as number | undefined);
      await db.transaction("rw", db.records, db.outbox, async () => {
        await db.outbox.delete(seq);
        if (entry.op === "delete" && result.status !== "conflict") {
          await db.records.delete(recordKey(entry.type, entry.id));
        } else if (record && version) {
          await storeRecord(db, entry.type, entry.id, version, record);
        }
      });
      return;
    }
    case "rejected":
      // Only not_found (its create has not arrived yet) is worth sending again.
      if (result.retryable) return;
      await db.outbox.update(seq, {
        status: "rejected",
        code: result.code ?? null,
        detail: result.detail ?? null,
      });
  }
}

/** Send the pending outbox in order, one batch (one request) at a time. */
export async function push(db: LocalDb, transport: Transport, device: string) {
  let pushed = 0;
  let conflicts = 0;
  let rejected = 0;
  const pending = await db.outbox.where("status").equals("pending").sortBy("seq");
  for (let start = 0; start < pending.length; start += PUSH_BATCH) {
    const batch = pending.slice(start, start + PUSH_BATCH);
    const { results } = await transport.push(device, batch.map(toMutation));
    const byId = new Map(results.map((r) => [r.client_mutation_id, r]));
    for (const entry of batch) {
      const result = byId.get(entry.client_mutation_id);
      if (!result) continue;
      await applyResult(db, entry, result);
      if (result.status === "conflict") conflicts++;
      else if (result.status === "rejected" && !result.retryable) rejected++;
      else if (result.status !== "rejected") pushed++;
    }
  }
  return { pushed, conflicts, rejected };
}

/** Pull pages until `has_more` is false; each page and its cursor land in one transaction. */
export async function pull(db: LocalDb, transport: Transport, device: string) {
  let pulled = 0;
  for (;;) {
    const cursor = (await getMeta<string>(db, "cursor")) ?? null;
    const page = await transport.pull(device, cursor, PULL_LIMIT);
    await db.transaction("rw", db.records, db.meta, async () => {
      // A snapshot replaces every synced record (never the outbox).
      if (page.full_resync) await db.records.clear();
      for (const u of page.upserts) await storeRecord(db, u.type, u.id, u.version, u.data);
      await db.records.bulkDelete(page.tombstones.map((t) => recordKey(t.type, t.id)));
      await setMeta(db, "cursor", page.next_cursor);
      if (page.activity_window) await setMeta(db, "activityWindow", page.activity_window);
    });
    pulled += page.upserts.length + page.tombstones.length;
    if (!page.has_more) return pulled;
  }
}

export interface ActivityWindow {
  past_days: number;
  future_days: number;
}

/** The server's defaults (docs/sync.md "Scope"), until a pull says otherwise. */
export const DEFAULT_ACTIVITY_WINDOW: ActivityWindow = { past_days: 90, future_days: 14 };
const DAY = 86_400_000;

/**
 * Drop synced records that time moved out of the scope: activities outside the server's window
 * (the server does not tombstone those, docs/sync.md "Pull") and tasks done here and
 * acknowledged (the scope holds open tasks; their tombstone would follow). A record with a
 * pending outbox entry is kept: it is the base of that change. Answers how many went.
 */
export async function prune(db: LocalDb, now = new Date()): Promise<number> {
  const window = (await getMeta<ActivityWindow>(db, "activityWindow")) ?? DEFAULT_ACTIVITY_WINDOW;
  const hour = new Date(now);
  hour.setUTCMinutes(0, 0, 0); // the server's window starts on the hour
  const from = hour.getTime() - window.past_days * DAY;
  const to = hour.getTime() + window.future_days * DAY;
  return db.transaction("rw", db.records, db.outbox, async () => {
    const pending = new Set(
      (await db.outbox.where("status").equals("pending").toArray()).map((e) => e.id),
    );
    const stale: string[] = [];
    await db.records
      .where("type")
      .anyOf("activities", "tasks")
      .each((r) => {
        if (pending.has(r.id)) return;
        if (r.type === "tasks") {
          if (r.data.done === true) stale.push(r.key);
          return;
        }
        const at = Date.parse(String(r.data.occurred_at ?? ""));
        if (!Number.isNaN(at) && (at < from || at >= to)) stale.push(r.key);
      });
    await db.records.bulkDelete(stale);
    return stale.length;
  });
}

/** Push, then pull; a revoked device wipes everything and reports it. */
export async function syncOnce(db: LocalDb, transport: Transport): Promise<SyncReport> {
  try {
    let device = await ensureDevice(db, transport);
    let pushed: Awaited<ReturnType<typeof push>>;
    try {
      pushed = await push(db, transport, device);
    } catch (error) {
      if (!isUnknownDevice(error)) throw error;
      // The server forgot this device (a new database, say): register it again, once.
      await setMeta(db, "registered", false);
      device = await ensureDevice(db, transport);
      pushed = await push(db, transport, device);
    }
    const pulled = await pull(db, transport, device);
    await prune(db);
    await setMeta(db, "lastSyncAt", new Date().toISOString());
    const open = await transport.conflicts(device);
    await setMeta(db, "conflicts", open);
    return { pushed: pushed.pushed, pulled, conflicts: open.length, rejected: pushed.rejected };
  } catch (error) {
    if (isRevoked(error)) {
      await wipe(db);
      return { pushed: 0, pulled: 0, conflicts: 0, rejected: 0, revoked: true };
    }
    throw error;
  }
}
