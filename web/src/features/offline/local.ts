/**
 * What the pages read and write offline. A record's local view is its server copy with the
 * pending outbox entries for it applied in order (a pending create is a record of its own), so
 * the outbox is the only place a change lives until the server acknowledges it.
 */
import type { Activity, Deal, Page, Person, Task } from "../../api/types";
import { type Data, getMeta, LocalDb, type OutboxEntry, recordKey, type SyncType } from "./db";
import { emitLocalChange } from "./events";
import { uuidv7 } from "./uuid";

let instance: LocalDb | null = null;
export function db(): LocalDb {
  instance ??= new LocalDb();
  return instance;
}

/** Tests: a store on another IndexedDB implementation. */
export function setDb(next: LocalDb): void {
  instance?.close();
  instance = next;
}

type Entry = { address?: string; number?: string; email?: string; primary?: boolean };

/** Fields the server derives, kept right in the local view. */
function derive(type: SyncType, data: Data): Data {
  if (type !== "people") return data;
  const out = { ...data };
  const phones = (out.phones as Entry[] | undefined) ?? [];
  const emails = (out.emails as Entry[] | undefined) ?? [];
  out.primary_phone = (phones.find((p) => p.primary) ?? phones[0])?.number ?? null;
  out.primary_email = (emails.find((e) => e.primary) ?? emails[0])?.email ?? null;
  const name = [out.given_name, out.family_name].filter(Boolean).join(" ");
  if (name) out.display_name = name;
  return out;
}

const DEFAULTS: Partial<Record<SyncType, Data>> = {
  people: {
    emails: [],
    phones: [],
    tags: [],
    custom_fields: {},
    lifecycle_stage: "lead",
    owner_id: null,
    company_id: null,
    city: null,
  },
  activities: { body: null, person_id: null, company_id: null, deal_id: null, owner_id: null },
};

function overlay(type: SyncType, id: string, base: Data | null, entries: OutboxEntry[]) {
  let data = base;
  for (const entry of entries) {
    if (entry.op === "delete") data = null;
    else if (entry.op === "create") {
      const now = entry.created_at;
      data = {
        ...DEFAULTS[type],
        occurred_at: now,
        ...entry.fields,
        id,
        version: 0,
        created_at: now,
        updated_at: now,
      };
    } else if (data) data = { ...data, ...entry.fields, updated_at: entry.created_at };
  }
  return data ? derive(type, data) : null;
}

async function pendingFor(id: string) {
  return (await db().outbox.where("id").equals(id).sortBy("seq")).filter(
    (e) => e.status === "pending",
  );
}

/** One record as this device sees it now, or undefined when it holds nothing. */
export async function view<T>(type: SyncType, id: string): Promise<T | undefined> {
  const held = await db().records.get(recordKey(type, id));
  const data = overlay(type, id, held?.data ?? null, await pendingFor(id));
  return (data ?? undefined) as T | undefined;
}

/** Every record of a type as this device sees it now. */
export async function all<T>(type: SyncType): Promise<T[]> {
  const [held, outbox] = await Promise.all([
    db().records.where("type").equals(type).toArray(),
    db().outbox.orderBy("seq").toArray(),
  ]);
  const byId = new Map<string, OutboxEntry[]>();
  for (const e of outbox)
    if (e.type === type && e.status === "pending") byId.set(e.id, [...(byId.get(e.id) ?? []), e]);
  const out: Data[] = [];
  for (const r of held) {
    const data = overlay(type, r.id, r.data, byId.get(r.id) ?? []);
    byId.delete(r.id);
    if (data) out.push(data);
  }
  for (const [id, entries] of byId) {
    const data = overlay(type, id, null, entries);
    if (data) out.push(data);
  }
  return out as T[];
}

/** Has the device ever synced? (Before that, the local store cannot answer for the server.) */
export async function hasSynced(): Promise<boolean> {
  return Boolean(await getMeta<string>(db(), "cursor"));
}

const page = <T>(items: T[], limit: number): Page<T> => ({ items, next_cursor: null, limit });

function byKey<T>(sort: string | undefined, key: (x: T) => string): (a: T, b: T) => number {
  const desc = sort?.startsWith("-");
  return (a, b) => (desc ? -1 : 1) * key(a).localeCompare(key(b));
}

export async function peoplePage(q: string | undefined, sort: string | undefined, limit: number) {
  if (!(await hasSynced())) return undefined;
  const needle = q?.trim().toLowerCase();
  let items = await all<Person>("people");
  if (needle) {
    items = items.filter((p) =>
      [p.display_name, p.primary_email, p.primary_phone].some((v) =>
        v?.toLowerCase().includes(needle),
      ),
    );
  }
  const field = (sort ?? "-updated_at").replace(/^-/, "");
  items.sort(
    byKey(sort ?? "-updated_at", (p) => String((p as unknown as Data)[field] ?? p.display_name)),
  );
  return page(items.slice(0, Math.max(limit, 200)), limit);
}

export async function timeline(field: string, id: string, limit: number) {
  if (!(await hasSynced())) return undefined;
  const items = (await all<Activity>("activities"))
    .filter((a) => (a as unknown as Data)[field] === id)
    .sort(byKey("-occurred_at", (a) => a.occurred_at));
  return page(items, limit);
}

export async function recentActivities(ownerId: string | undefined, limit: number) {
  if (!(await hasSynced())) return undefined;
  const items = (await all<Activity>("activities"))
    .filter((a) => !ownerId || a.owner_id === ownerId)
    .sort(byKey("-occurred_at", (a) => a.occurred_at));
  return page(items.slice(0, limit), limit);
}

/** Today's view offline: open tasks due by the end of today, soonest first. */
export async function todayTasks(limit: number, now = new Date()) {
  if (!(await hasSynced())) return undefined;
  const end = new Date(now);
  end.setHours(23, 59, 59, 999);
  const items = (await all<Task>("tasks"))
    .filter((t) => !t.done && t.due_at && new Date(t.due_at) <= end)
    .sort(byKey("due_at", (t) => t.due_at ?? ""));
  return page(items, limit);
}

export async function closingDeals(ownerId: string, [from, to]: [string, string]) {
  if (!(await hasSynced())) return undefined;
  const items = (await all<Deal>("deals")).filter(
    (d) =>
      d.owner_id === ownerId &&
      d.status === "open" &&
      !!d.expected_close_date &&
      d.expected_close_date >= from &&
      d.expected_close_date <= to,
  );
  return page(items, 200);
}

function same(a: unknown, b: unknown) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Queue a change to a record; answers the record as it now looks here. */
export async function queueUpdate<T>(type: SyncType, id: string, fields: Data): Promise<T> {
  const before = await view<Data>(type, id);
  if (!before) throw new Error(`${type} ${id} is not on this device`);
  const changed = Object.fromEntries(
    Object.entries(fields).filter(([k, v]) => !same(before[k], v)),
  );
  if (Object.keys(changed).length) {
    const held = await db().records.get(recordKey(type, id));
    await db().outbox.add({
      client_mutation_id: uuidv7(),
      type,
      id,
      op: "update",
      fields: changed,
      // What this device showed before the change: an earlier pending edit of the same field
      // is then not mistaken for a change made on the server.
      base: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k] ?? null])),
      base_version: held?.version ?? null,
      created_at: new Date().toISOString(),
      status: "pending",
    });
    emitLocalChange();
  }
  return (await view<T>(type, id)) as T;
}

/** Queue a new record with an id minted here; answers it as it now looks here. */
export async function queueCreate<T>(type: SyncType, fields: Data): Promise<T> {
  const id = (fields.id as string | undefined) ?? uuidv7();
  await db().outbox.add({
    client_mutation_id: uuidv7(),
    type,
    id,
    op: "create",
    fields: { ...fields, id },
    base: null,
    base_version: null,
    created_at: new Date().toISOString(),
    status: "pending",
  });
  emitLocalChange();
  return (await view<T>(type, id)) as T;
}

export async function pendingIds(): Promise<Set<string>> {
  const rows = await db().outbox.where("status").equals("pending").toArray();
  return new Set(rows.map((r) => r.id));
}
