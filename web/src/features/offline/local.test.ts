import Dexie from "dexie";
import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Data, LocalDb, recordKey, type SyncType, setMeta, wipe } from "./db";
import { prune } from "./engine";
import { matches } from "./filter";
import {
  companiesPage,
  db,
  dealsPage,
  nearby,
  queueUpdate,
  queueVisit,
  search,
  searchMatch,
  setDb,
  tasksPage,
  timeline,
  view,
} from "./local";

async function hold(type: SyncType, id: string, data: Data, version = 1) {
  await db().records.put({
    key: recordKey(type, id),
    type,
    id,
    version,
    data: { ...data, id, version },
  });
}

// Sylhet: customers east of it at known distances.
const HERE = { latitude: 24.9, longitude: 91.87 };
const EAST_PER_KM = 1 / (111.32 * Math.cos((HERE.latitude * Math.PI) / 180));
const east = (km: number) => ({
  latitude: HERE.latitude,
  longitude: HERE.longitude + km * EAST_PER_KM,
});

beforeEach(async () => {
  Dexie.dependencies.indexedDB = indexedDB;
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
  setDb(new LocalDb("sampark-local-test"));
  await wipe(db());
  await setMeta(db(), "cursor", "1");
});
afterEach(() => wipe(db()));

describe("offline reads", () => {
  it("answers nothing before the first sync", async () => {
    await wipe(db());
    expect(await companiesPage({}, 50)).toBeUndefined();
    expect(await nearby(HERE, 5, "people", 10)).toBeUndefined();
    expect(await search("a", 5)).toBeUndefined();
  });

  it("lists companies and deals with search, filter and sort as the server does", async () => {
    await hold("companies", "c1", { name: "Surma Tea", domain: "surma.example", city: "Sylhet" });
    await hold("companies", "c2", { name: "Padma Jute", domain: null, city: "Dhaka" });
    await hold("companies", "c3", { name: "Gone Ltd", deleted_at: "2026-01-01T00:00:00Z" });
    const all = await companiesPage({}, 50);
    expect(all?.items.map((c) => c.name)).toEqual(["Padma Jute", "Surma Tea"]);
    expect((await companiesPage({ q: "surma.ex" }, 50))?.items.map((c) => c.id)).toEqual(["c1"]);
    const inDhaka = await companiesPage(
      { filter: { field: "city", op: "eq", value: "Dhaka" } },
      50,
    );
    expect(inDhaka?.items.map((c) => c.id)).toEqual(["c2"]);

    await hold("deals", "d1", {
      name: "Big order",
      amount: "900.00",
      status: "open",
      company_id: "c1",
    });
    await hold("deals", "d2", { name: "Small order", amount: "1200.50", status: "won" });
    await hold("deals", "d3", { name: "No amount", amount: null, status: "open" });
    const byAmount = await dealsPage({ sort: "-amount" }, 50);
    // Amounts compare as numbers; an empty amount goes last either way.
    expect(byAmount?.items.map((d) => d.id)).toEqual(["d2", "d1", "d3"]);
    const related = await dealsPage(
      {
        filter: {
          and: [
            { field: "company_id", op: "eq", value: "c1" },
            { field: "status", op: "in", value: ["open"] },
          ],
        },
      },
      50,
    );
    expect(related?.items.map((d) => d.id)).toEqual(["d1"]);
  });

  it("searches people by name, e-mail and phone (typed as digits, with or without the 0)", async () => {
    await hold("people", "p1", {
      display_name: "রহিম উদ্দিন",
      given_name: "রহিম",
      emails: [{ email: "rahim@example.com" }],
      phones: [{ number: "+8801711234567" }],
    });
    await hold("companies", "c1", { name: "Rahim Traders", phone: "+8802999" });
    await hold("deals", "d1", { name: "Rahim's tea" });
    const hits = await search("rahim", 5);
    expect(hits?.people.map((p) => p.id)).toEqual(["p1"]);
    expect(hits?.companies.map((c) => c.id)).toEqual(["c1"]);
    expect(hits?.deals.map((d) => d.id)).toEqual(["d1"]);
    expect((await search("01711-234", 5))?.people.map((p) => p.id)).toEqual(["p1"]);
    expect((await search("রহিম", 5))?.people).toHaveLength(1);
    expect(searchMatch(["+8801711234567"], "2024")).toBe(false);
  });

  it("near me: customers within the radius, nearest first, with distances", async () => {
    await hold("people", "far", { display_name: "Far", ...east(3), city: "Sylhet" });
    await hold("people", "near", { display_name: "Near", ...east(0.3), city: "Sylhet" });
    await hold("people", "mid", { display_name: "Mid", ...east(1.5) });
    await hold("people", "out", { display_name: "Out", ...east(9) });
    await hold("people", "nowhere", { display_name: "No place", latitude: null, longitude: null });
    await hold("companies", "co", { name: "Tea Co", ...east(0.1) });
    const found = await nearby(HERE, 5, "people", 10);
    expect(found?.items.map((i) => i.name)).toEqual(["Near", "Mid", "Far"]);
    expect(found?.items[0]?.distance_m).toBeGreaterThan(290);
    expect(found?.items[0]?.distance_m).toBeLessThan(310);
    expect(found?.items[2]?.distance_m).toBeCloseTo(3000, -1);
    expect(found?.local).toBe(true);
    expect((await nearby(HERE, 5, "people", 2))?.items).toHaveLength(2);
    const companies = await nearby(HERE, 1, "companies", 10);
    expect(companies?.items.map((i) => [i.kind, i.name])).toEqual([["companies", "Tea Co"]]);
  });

  it("task views: today (overdue included), overdue, upcoming", async () => {
    const now = new Date(2026, 11, 6, 12, 0, 0);
    const at = (h: number) => new Date(2026, 11, 6, h).toISOString();
    await hold("tasks", "late", { title: "Late", done: false, due_at: at(9) });
    await hold("tasks", "tonight", { title: "Tonight", done: false, due_at: at(20) });
    await hold("tasks", "tomorrow", { title: "Tomorrow", done: false, due_at: at(30) });
    await hold("tasks", "undated", { title: "Undated", done: false, due_at: null });
    const ids = async (view?: "today" | "overdue" | "upcoming") =>
      (await tasksPage({ view, sort: "due_at" }, 50, now))?.items.map((t) => t.id);
    expect(await ids("today")).toEqual(["late", "tonight"]);
    expect(await ids("overdue")).toEqual(["late"]);
    expect(await ids("upcoming")).toEqual(["tomorrow"]);
    expect(await ids()).toEqual(["late", "tonight", "tomorrow", "undated"]);
  });
});

describe("offline writes", () => {
  it("a visit with its check-in goes to the outbox and shows in the timeline", async () => {
    await hold("people", "p1", { display_name: "Rupa", ...east(0.5), company_id: null });
    const result = await queueVisit({
      person_id: "p1",
      ...HERE,
      accuracy_m: 12,
      checked_in_at: "2026-12-06T06:00:00.000Z",
      subject: "Visit",
    });
    expect(result.pending).toBe(true);
    expect(result.distance_m).toBeCloseTo(500, -1);
    const [entry] = await db().outbox.toArray();
    expect(entry?.op).toBe("create");
    expect(entry?.type).toBe("activities");
    expect(entry?.fields).toMatchObject({
      kind: "visit",
      subject: "Visit",
      person_id: "p1",
      occurred_at: "2026-12-06T06:00:00.000Z",
      checkin: { ...HERE, accuracy_m: 12, checked_in_at: "2026-12-06T06:00:00.000Z" },
    });
    const shown = await view<Data>("activities", result.activity_id);
    expect(shown).toMatchObject({ kind: "visit", checked_in_at: "2026-12-06T06:00:00.000Z" });
    expect(shown?.checkin).toBeUndefined();
    expect((await timeline("person_id", "p1", 20))?.items.map((a) => a.id)).toEqual([
      result.activity_id,
    ]);
  });

  it("a visit to a customer with no place has no distance; the company's place is used", async () => {
    await hold("companies", "c1", { name: "Tea Co", ...east(2) });
    await hold("people", "p1", { display_name: "Rupa", company_id: "c1" });
    await hold("people", "p2", { display_name: "Nobody" });
    expect((await queueVisit({ person_id: "p1", ...HERE })).distance_m).toBeCloseTo(2000, -1);
    expect((await queueVisit({ person_id: "p2", ...HERE })).distance_m).toBeNull();
  });

  it("task edits (complete, due date, title) queue with their base and version", async () => {
    await hold("tasks", "t1", { title: "Call", done: false, due_at: "2026-12-06T10:00:00Z" }, 3);
    await queueUpdate("tasks", "t1", { due_at: "2026-12-07T10:00:00.000Z", title: "Call back" });
    const done = await queueUpdate<Data>("tasks", "t1", { done: true });
    expect(done).toMatchObject({ done: true, title: "Call back" });
    const outbox = await db().outbox.orderBy("seq").toArray();
    expect(outbox.map((e) => [e.op, e.fields, e.base, e.base_version])).toEqual([
      [
        "update",
        { due_at: "2026-12-07T10:00:00.000Z", title: "Call back" },
        { due_at: "2026-12-06T10:00:00Z", title: "Call" },
        3,
      ],
      ["update", { done: true }, { done: false }, 3],
    ]);
    // Done here: out of the open-task views at once.
    expect((await tasksPage({ view: "today" }, 50, new Date(2026, 11, 7, 23)))?.items).toEqual([]);
  });
});

describe("pruning", () => {
  const now = new Date("2026-12-06T12:30:00Z");
  const day = 86_400_000;
  const ago = (days: number) => new Date(now.getTime() - days * day).toISOString();

  it("drops activities outside the window and acknowledged done tasks, keeps pending ones", async () => {
    await hold("activities", "old", { kind: "note", occurred_at: ago(91) });
    await hold("activities", "recent", { kind: "note", occurred_at: ago(89) });
    await hold("activities", "soon", { kind: "meeting", occurred_at: ago(-13) });
    await hold("activities", "later", { kind: "meeting", occurred_at: ago(-15) });
    await hold("tasks", "open", { title: "Open", done: false });
    await hold("tasks", "closed", { title: "Closed", done: true });
    await hold("tasks", "reopening", { title: "Reopen", done: true });
    await hold("people", "p1", { display_name: "Old friend", updated_at: ago(400) });
    await queueUpdate("tasks", "reopening", { done: false });
    expect(await prune(db(), now)).toBe(3);
    const left = (await db().records.toArray()).map((r) => r.id).sort();
    expect(left).toEqual(["open", "p1", "recent", "reopening", "soon"]);
  });

  it("follows the window the server announced", async () => {
    await setMeta(db(), "activityWindow", { past_days: 30, future_days: 7 });
    await hold("activities", "a40", { kind: "note", occurred_at: ago(40) });
    await hold("activities", "a20", { kind: "note", occurred_at: ago(20) });
    await hold("activities", "f10", { kind: "note", occurred_at: ago(-10) });
    expect(await prune(db(), now)).toBe(2);
    expect((await db().records.toArray()).map((r) => r.id)).toEqual(["a20"]);
  });
});

describe("filter evaluation", () => {
  it("covers the operators the list filters use", () => {
    const r = { city: "Sylhet", tags: ["vip"], amount: "50", custom_fields: { region: "north" } };
    expect(matches(r, { field: "city", op: "contains", value: "syl" })).toBe(true);
    expect(matches(r, { field: "tags", op: "has", value: "VIP" })).toBe(true);
    expect(matches(r, { field: "amount", op: "between", value: ["10", "100"] })).toBe(true);
    expect(matches(r, { field: "amount", op: "gt", value: "100" })).toBe(false);
    expect(matches(r, { field: "custom_fields.region", op: "eq", value: "north" })).toBe(true);
    expect(matches(r, { not: { field: "owner_id", op: "is_null" } })).toBe(false);
    expect(
      matches(r, {
        or: [
          { field: "city", op: "eq", value: "Dhaka" },
          { field: "city", op: "starts_with", value: "Syl" },
        ],
      }),
    ).toBe(true);
  });
});
