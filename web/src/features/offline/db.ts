/**
 * The device's local store (IndexedDB through Dexie): the user's synced records exactly as the
 * server last sent them, the outbox of changes made here and not yet acknowledged, and the
 * sync metadata. Pages read a record as "server copy + pending outbox changes" (see local.ts),
 * so the server copy stays the base of every field-by-field merge.
 */
import Dexie, { type Table } from "dexie";

export const SYNC_TYPES = [
  "people",
  "companies",
  "deals",
  "tasks",
  "activities",
  "pipelines",
  "custom_fields",
] as const;
export type SyncType = (typeof SYNC_TYPES)[number];

export type Data = Record<string, unknown>;

export interface StoredRecord {
  /** `${type}:${id}` */
  key: string;
  type: SyncType;
  id: string;
  version: number;
  data: Data;
}

export type MutationOp = "create" | "update" | "delete";

export interface OutboxEntry {
  seq?: number;
  client_mutation_id: string;
  type: SyncType;
  id: string;
  op: MutationOp;
  fields: Data;
  /** The changed fields' values as this device had them before the change. */
  base: Data | null;
  base_version: number | null;
  created_at: string;
  /** `rejected`: the server refused it for good; kept so the user can see what was typed. */
  status: "pending" | "rejected";
  code?: string | null;
  detail?: string | null;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export class LocalDb extends Dexie {
  records!: Table<StoredRecord, string>;
  outbox!: Table<OutboxEntry, number>;
  meta!: Table<MetaRow, string>;

  constructor(name = "sampark") {
    super(name);
    this.version(1).stores({
      records: "key, type, id",
      outbox: "++seq, id, status",
      meta: "key",
    });
  }
}

export const recordKey = (type: string, id: string) => `${type}:${id}`;

export async function getMeta<T>(db: LocalDb, key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}

export async function setMeta(db: LocalDb, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}

/** Everything this device holds about its user: records, outbox and metadata. */
export async function wipe(db: LocalDb): Promise<void> {
  await db.transaction("rw", db.records, db.outbox, db.meta, async () => {
    await Promise.all([db.records.clear(), db.outbox.clear(), db.meta.clear()]);
  });
}
