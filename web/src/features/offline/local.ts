/**
 * What the pages read and write offline. A record's local view is its server copy with the
 * pending outbox entries for it applied in order (a pending create is a record of its own), so
 * the outbox is the only place a change lives until the server acknowledges it.
 */
import type { Activity, Company, Deal, Page, Person, Pipeline, Task } from "../../api/types";
import type { FilterNode } from "../../lib/filter";
import { haversineM, type LatLng } from "../geo/lib/geo";
import { type Data, getMeta, LocalDb, type OutboxEntry, recordKey, type SyncType } from "./db";
import { emitLocalChange } from "./events";
import { compareValues, matches } from "./filter";
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

/** A visit logged offline carries its check-in in `checkin` (docs/sync.md); shown as stored. */
function deriveActivity(data: Data): Data {
  const checkin = data.checkin as
    | { latitude: number; longitude: number; accuracy_m?: number | null; checked_in_at?: string }
    | undefined;
  if (!checkin) return data;
  const { checkin: _sent, ...out } = data;
  return {
    ...out,
    checked_in_at: checkin.checked_in_at ?? out.occurred_at,
    checkin_latitude: checkin.latitude,
    checkin_longitude: checkin.longitude,
    checkin_accuracy_m: checkin.accuracy_m ?? null,
    checkin_distance_m: null,
    checkin_flagged: null,
  };
}

/** Fields the server derives, kept right in the local view. */
function derive(type: SyncType, data: Data): Data {
  if (type === "activities") return deriveActivity(data);
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

type Searchable = "people" | "companies" | "deals" | "tasks";

const entries = (v: unknown, key: "number" | "email") =>
  Array.isArray(v) ? v.map((e) => (e as Entry)[key]) : [];

/** What a search matches per type, as the server's `q` does: names, e-mails, phones. */
const SEARCHED: Record<Searchable, (r: Data) => unknown[]> = {
  people: (p) => [
    p.display_name,
    p.given_name,
    p.family_name,
    ...entries(p.emails, "email"),
    ...entries(p.phones, "number"),
  ],
  companies: (c) => [c.name, c.domain, c.phone],
  deals: (d) => [d.name],
  tasks: (t) => [t.title],
};

const NAME: Record<Searchable, string> = {
  people: "display_name",
  companies: "name",
  deals: "name",
  tasks: "title",
};

const fold = (v: unknown) =>
  String(v ?? "")
    .normalize("NFC")
    .toLowerCase();
const digits = (v: unknown) => String(v ?? "").replace(/\D/g, "");

/** Does the record match what was typed? Text anywhere; a phone also by its digits alone. */
export function searchMatch(values: unknown[], q: string): boolean {
  const needle = fold(q.trim());
  if (!needle) return true;
  const wanted = digits(needle);
  const byDigits = wanted.length >= 4 && wanted.length >= needle.replace(/[\s()+-]/g, "").length;
  return values.some(
    (v) => fold(v).includes(needle) || (byDigits && digits(v).includes(wanted.replace(/^0+/, ""))),
  );
}

function sorter(type: Searchable, sort: string): (a: Data, b: Data) => number {
  const desc = sort.startsWith("-");
  const field = sort.replace(/^-/, "");
  const name = NAME[type];
  return (a, b) => {
    const x = a[field] ?? null;
    const y = b[field] ?? null;
    // Empty values last, whichever the direction (as the server's NULLS LAST).
    if (x === null && y !== null) return 1;
    if (y === null && x !== null) return -1;
    const d = (compareValues(x, y) ?? 0) * (desc ? -1 : 1);
    return d || String(a[name] ?? "").localeCompare(String(b[name] ?? ""));
  };
}

export interface LocalListQuery {
  q?: string;
  sort?: string;
  filter?: FilterNode | null;
}

/**
 * A list page from the local store: search, filter and sort as the server would, the first
 * `max(limit, 200)` rows (one page: offline lists do not page).
 */
export async function listPage<T>(
  type: Searchable,
  query: LocalListQuery,
  limit: number,
  defaultSort: string,
): Promise<Page<T> | undefined> {
  if (!(await hasSynced())) return undefined;
  const items = (await all<Data>(type)).filter(
    (r) =>
      !r.deleted_at &&
      !r.merged_into_id &&
      searchMatch(SEARCHED[type](r), query.q ?? "") &&
      matches(r, query.filter),
  );
  items.sort(sorter(type, query.sort || defaultSort));
  return page(items.slice(0, Math.max(limit, 200)) as T[], limit);
}

export async function peoplePage(
  q: string | undefined,
  sort: string | undefined,
  limit: number,
  filter?: FilterNode | null,
) {
  return listPage<Person>("people", { q, sort, filter }, limit, "-updated_at");
}

export const companiesPage = (query: LocalListQuery, limit: number) =>
  listPage<Company>("companies", query, limit, "name");

export const dealsPage = (query: LocalListQuery, limit: number) =>
  listPage<Deal>("deals", query, limit, "-updated_at");

/** A company's people on this device, by name. */
export async function companyPeople(companyId: string, limit: number) {
  return listPage<Person>(
    "people",
    { filter: { field: "company_id", op: "eq", value: companyId }, sort: "display_name" },
    limit,
    "display_name",
  );
}

/** The pipelines (all of them are synced), in their order. */
export async function pipelines(): Promise<Pipeline[] | undefined> {
  if (!(await hasSynced())) return undefined;
  return (await all<Pipeline>("pipelines")).sort(
    (a, b) => a.position - b.position || a.name.localeCompare(b.name),
  );
}

export interface LocalSearch {
  people: Person[];
  companies: Company[];
  deals: Deal[];
}

/** The global search offline: people, companies and deals on this device matching `q`. */
export async function search(q: string, limit: number): Promise<LocalSearch | undefined> {
  if (!(await hasSynced())) return undefined;
  const [people, companies, deals] = await Promise.all([
    listPage<Person>("people", { q, sort: "display_name" }, limit, "display_name"),
    listPage<Company>("companies", { q, sort: "name" }, limit, "name"),
    listPage<Deal>("deals", { q, sort: "name" }, limit, "name"),
  ]);
  return {
    people: people?.items.slice(0, limit) ?? [],
    companies: companies?.items.slice(0, limit) ?? [],
    deals: deals?.items.slice(0, limit) ?? [],
  };
}

export interface LocalNearbyItem {
  kind: "people" | "companies";
  id: string;
  name: string;
  latitude: number;
  longitude: number;
  city: string | null;
  owner_id: string | null;
  distance_m: number;
}

/** Customers on this device within `radiusKm` of a point, nearest first (as `/geo/nearby`). */
export async function nearby(
  point: LatLng,
  radiusKm: number,
  kind: "people" | "companies",
  limit: number,
) {
  if (!(await hasSynced())) return undefined;
  const radius = radiusKm * 1000;
  const found: LocalNearbyItem[] = [];
  for (const r of await all<Data>(kind)) {
    const { latitude, longitude } = r as { latitude?: unknown; longitude?: unknown };
    if (typeof latitude !== "number" || typeof longitude !== "number") continue;
    if (r.deleted_at || r.merged_into_id) continue;
    const d = haversineM(point, { latitude, longitude });
    if (d > radius) continue;
    found.push({
      kind,
      id: r.id as string,
      name: String(r[NAME[kind]] ?? ""),
      latitude,
      longitude,
      city: (r.city as string | null) ?? null,
      owner_id: (r.owner_id as string | null) ?? null,
      distance_m: Math.round(d * 10) / 10,
    });
  }
  found.sort((a, b) => a.distance_m - b.distance_m || a.id.localeCompare(b.id));
  return {
    items: found.slice(0, limit),
    latitude: point.latitude,
    longitude: point.longitude,
    radius_km: radiusKm,
    truncated: false,
    /** Answered from this device's copy (offline). */
    local: true as const,
  };
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

export type LocalTaskView = "today" | "overdue" | "upcoming";

/**
 * Tasks on this device (the open ones: the sync scope), as `/tasks?view=` answers: today (due
 * before tomorrow starts here, overdue included), overdue (due before now), upcoming (due
 * tomorrow or later).
 */
export async function tasksPage(
  query: LocalListQuery & { view?: LocalTaskView },
  limit: number,
  now = new Date(),
) {
  const tomorrow = new Date(now);
  tomorrow.setHours(24, 0, 0, 0);
  const due = (t: Data) => (t.due_at ? new Date(t.due_at as string).getTime() : null);
  const inView: Record<LocalTaskView, (t: Data) => boolean> = {
    today: (t) => (due(t) ?? Number.POSITIVE_INFINITY) < tomorrow.getTime(),
    overdue: (t) => (due(t) ?? Number.POSITIVE_INFINITY) < now.getTime(),
    upcoming: (t) => (due(t) ?? Number.NEGATIVE_INFINITY) >= tomorrow.getTime(),
  };
  const found = await listPage<Data>("tasks", query, 10_000, "due_at");
  if (!found) return undefined;
  const view = query.view;
  const items = view ? found.items.filter((t) => !t.done && inView[view](t)) : found.items;
  return page(items.slice(0, Math.max(limit, 200)) as unknown as Task[], limit);
}

/** Today's view offline: open tasks due by the end of today, soonest first. */
export async function todayTasks(limit: number, now = new Date()) {
  return tasksPage({ view: "today", sort: "due_at" }, limit, now);
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

export interface VisitCheckIn {
  person_id?: string | null;
  company_id?: string | null;
  latitude: number;
  longitude: number;
  accuracy_m?: number | null;
  /** When the fix was taken (ISO); default now. */
  checked_in_at?: string | null;
  /** The visit's subject (the app's "Visit" in the user's language). */
  subject?: string;
}

/** Where the visited customer is on this device: the person's location, else the company's. */
async function customerPlace(personId?: string | null, companyId?: string | null) {
  const located = (r: Data | undefined) =>
    r && typeof r.latitude === "number" && typeof r.longitude === "number"
      ? { latitude: r.latitude, longitude: r.longitude }
      : null;
  const person = personId ? await view<Data>("people", personId) : undefined;
  const fromPerson = located(person);
  if (fromPerson) return fromPerson;
  const companyId2 = companyId ?? (person?.company_id as string | null | undefined);
  return companyId2 ? located(await view<Data>("companies", companyId2)) : null;
}

/**
 * Log a visit with its check-in offline: a new visit activity in the outbox carrying the GPS
 * fix (`checkin`, docs/sync.md), stored by the server through its check-in (distance, flag,
 * managers told) when it syncs. Answers the check-in as the device sees it: the distance is
 * measured here when the customer's place is on the device; `flagged` is the server's to say.
 */
export async function queueVisit(body: VisitCheckIn) {
  const at = body.checked_in_at ?? new Date().toISOString();
  const fix = { latitude: body.latitude, longitude: body.longitude };
  const activity = await queueCreate<Activity>("activities", {
    kind: "visit",
    ...(body.subject ? { subject: body.subject } : {}),
    occurred_at: at,
    person_id: body.person_id ?? null,
    company_id: body.company_id ?? null,
    checkin: { ...fix, accuracy_m: body.accuracy_m ?? null, checked_in_at: at },
  });
  const place = await customerPlace(body.person_id, body.company_id);
  return {
    activity_id: activity.id,
    subject: activity.subject,
    owner_id: activity.owner_id,
    person_id: activity.person_id,
    company_id: activity.company_id,
    checked_in_at: at,
    latitude: body.latitude,
    longitude: body.longitude,
    accuracy_m: body.accuracy_m ?? null,
    distance_m: place ? Math.round(haversineM(fix, place) * 10) / 10 : null,
    flagged: false,
    max_distance_m: 0,
    version: 0,
    /** Waiting in the outbox: the server measures and flags it when it syncs. */
    pending: true as const,
  };
}
