import Dexie from "dexie";
import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "../../api/errors";
import { getMeta, LocalDb, wipe } from "./db";
import { syncOnce } from "./engine";
import { all, db, queueCreate, queueUpdate, setDb, view } from "./local";
import type { MutationIn, MutationResult, PullOut, Transport } from "./transport";

type Row = { type: string; id: string; version: number; data: Record<string, unknown> };

/** A small in-memory server speaking the sync protocol (pages of 2). */
class FakeServer implements Transport {
  rows = new Map<string, Row>();
  log: string[] = [];
  devices: string[] = [];
  pushes: MutationIn[][] = [];
  seq = 0;
  changedAt = new Map<string, number>();
  revoked = false;
  window: { past_days: number; future_days: number } | null = null;
  answer?: (m: MutationIn) => MutationResult | undefined;

  put(type: string, id: string, data: Record<string, unknown>) {
    const key = `${type}:${id}`;
    const version = (this.rows.get(key)?.version ?? 0) + 1;
    this.rows.set(key, { type, id, version, data: { ...data, id, version } });
    this.changedAt.set(key, ++this.seq);
  }
  async register(id: string) {
    this.devices.push(id);
    return {};
  }
  async pull(_device: string, cursor: string | null, limit: number): Promise<PullOut> {
    if (this.revoked) throw new ApiError(410, { code: "device_revoked", status: 410 } as never);
    const after = cursor ? Number(cursor) : 0;
    const changed = [...this.changedAt].filter(([, s]) => s > after).sort((a, b) => a[1] - b[1]);
    const pageRows = changed.slice(0, Math.min(limit, 2));
    const last = pageRows.at(-1)?.[1] ?? after;
    return {
      upserts: pageRows
        .map(([key]) => this.rows.get(key))
        .filter((r): r is Row => Boolean(r))
        .map((r) => ({ type: r.type, id: r.id, version: r.version, data: r.data })),
      tombstones: pageRows
        .filter(([key]) => !this.rows.has(key))
        .map(([key]) => ({ type: key.split(":")[0] ?? "", id: key.split(":")[1] ?? "" })),
      next_cursor: String(last),
      has_more: changed.length > pageRows.length,
      full_resync: !cursor,
      activity_window: this.window,
    };
  }
  async push(_device: string, mutations: MutationIn[]) {
    this.pushes.push(mutations);
    return {
      results: mutations.map((m) => {
        const scripted = this.answer?.(m);
        if (scripted) return scripted;
        const key = `${m.type}:${m.id}`;
        const current = this.rows.get(key)?.data ?? {};
        this.put(m.type, m.id, { ...current, ...m.fields });
        const row = this.rows.get(key) as Row;
        return {
          client_mutation_id: m.client_mutation_id,
          status: "applied" as const,
          type: m.type,
          id: m.id,
          version: row.version,
          record: row.data,
          retryable: false,
        };
      }),
    };
  }
  async conflicts() {
    return [];
  }
  async resolve() {
    return {};
  }
}

const person = (given: string, phone: string) => ({
  given_name: given,
  family_name: "Roy",
  display_name: `${given} Roy`,
  phones: [{ number: phone, label: "mobile", primary: true }],
  emails: [],
  primary_phone: phone,
  updated_at: "2026-01-01T00:00:00Z",
});

describe("sync engine", () => {
  let server: FakeServer;
  beforeEach(async () => {
    // Other test files may have loaded Dexie before: give it the in-memory IndexedDB here.
    Dexie.dependencies.indexedDB = indexedDB;
    Dexie.dependencies.IDBKeyRange = IDBKeyRange;
    setDb(new LocalDb("sampark-test"));
    server = new FakeServer();
    await wipe(db());
  });
  afterEach(() => wipe(db()));

  it("registers once, pulls every page and keeps the cursor", async () => {
    for (const n of ["a", "b", "c", "d", "e"]) server.put("people", `p-${n}`, person(n, "+1"));
    const report = await syncOnce(db(), server);
    expect(report.pulled).toBe(5);
    expect(server.devices).toHaveLength(1);
    expect(await all("people")).toHaveLength(5);
    expect(await getMeta(db(), "cursor")).toBe("5");
    expect(await getMeta(db(), "lastSyncAt")).toBeTruthy();

    server.put("people", "p-a", person("A2", "+2"));
    server.rows.delete("people:p-b");
    server.changedAt.set("people:p-b", ++server.seq);
    const again = await syncOnce(db(), server);
    expect(again.pulled).toBe(2);
    expect(server.devices).toHaveLength(1);
    expect((await view<{ display_name: string }>("people", "p-a"))?.display_name).toBe("A2 Roy");
    expect(await view("people", "p-b")).toBeUndefined();
  });

  it("queues offline edits as pending, then pushes them in order with their base", async () => {
    server.put("people", "p1", person("Asha", "+880171000"));
    await syncOnce(db(), server);

    const phones = [{ number: "+880171999", label: "mobile", primary: true }];
    const local = await queueUpdate<{ primary_phone: string }>("people", "p1", { phones });
    expect(local.primary_phone).toBe("+880171999");
    const note = await queueCreate<{ id: string }>("activities", {
      kind: "note",
      subject: "Visited",
      person_id: "p1",
    });
    expect(await db().outbox.count()).toBe(2);
    expect(note.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);

    await syncOnce(db(), server);
    const [batch] = server.pushes;
    expect(batch?.map((m) => [m.type, m.op])).toEqual([
      ["people", "update"],
      ["activities", "create"],
    ]);
    expect(batch?.[0]?.base_version).toBe(1);
    expect(batch?.[0]?.base).toEqual({
      phones: [{ number: "+880171000", label: "mobile", primary: true }],
    });
    expect(await db().outbox.count()).toBe(0);
    expect((await db().records.get("people:p1"))?.version).toBe(2);
    expect(await view("activities", note.id)).toBeTruthy();
  });

  it("a second offline edit of a field takes the first as its base (no conflict with itself)", async () => {
    server.put("people", "p1", person("Asha", "+1"));
    await syncOnce(db(), server);
    await queueUpdate("people", "p1", { city: "Sylhet" });
    await queueUpdate("people", "p1", { city: "Moulvibazar" });
    await queueUpdate("people", "p1", { city: "Moulvibazar" });
    const rows = await db().outbox.orderBy("seq").toArray();
    expect(rows.map((r) => [r.base?.city ?? null, r.fields.city, r.base_version])).toEqual([
      [null, "Sylhet", 1],
      ["Sylhet", "Moulvibazar", 1],
    ]);
    expect((await view<{ city: string }>("people", "p1"))?.city).toBe("Moulvibazar");
  });

  it("keeps a retryable rejection, marks a final one, and never blocks what follows", async () => {
    server.put("people", "p1", person("Asha", "+1"));
    await syncOnce(db(), server);
    await queueUpdate("people", "p1", { city: "Sylhet" });
    await queueUpdate("people", "p1", { family_name: "" });
    await queueUpdate("people", "p1", { region: "Sylhet" });
    server.answer = (m) => {
      const base = { client_mutation_id: m.client_mutation_id, type: m.type, id: m.id };
      if ("city" in (m.fields ?? {}))
        return { ...base, status: "rejected", code: "not_found", retryable: true };
      if ("family_name" in (m.fields ?? {}))
        return { ...base, status: "rejected", code: "validation_failed", retryable: false };
      return undefined;
    };
    const report = await syncOnce(db(), server);
    expect(report.rejected).toBe(1);
    const rows = await db().outbox.orderBy("seq").toArray();
    expect(rows.map((r) => [Object.keys(r.fields)[0], r.status])).toEqual([
      ["city", "pending"],
      ["family_name", "rejected"],
    ]);
    expect(server.rows.get("people:p1")?.data.region).toBe("Sylhet");
  });

  it("drops duplicates and conflicts from the outbox and stores the server copy", async () => {
    server.put("people", "p1", person("Asha", "+1"));
    await syncOnce(db(), server);
    await queueUpdate("people", "p1", { city: "Sylhet" });
    await queueUpdate("people", "p1", { region: "Sylhet Division" });
    server.answer = (m) => {
      const base = { client_mutation_id: m.client_mutation_id, type: m.type, id: m.id };
      const record = { ...person("Asha", "+1"), city: "Dhaka", region: "Sylhet Division" };
      if ("city" in (m.fields ?? {}))
        return {
          ...base,
          status: "conflict",
          version: 5,
          record,
          conflict_id: "c1",
          retryable: false,
        };
      return { ...base, status: "duplicate", first: { version: 6, record }, retryable: false };
    };
    await syncOnce(db(), server);
    expect(await db().outbox.count()).toBe(0);
    expect((await db().records.get("people:p1"))?.version).toBe(6);
  });

  it("a full resync drops synced records but never the outbox", async () => {
    server.put("people", "p1", person("Asha", "+1"));
    await syncOnce(db(), server);
    await db().records.put({
      key: "people:gone",
      type: "people",
      id: "gone",
      version: 1,
      data: {},
    });
    await db().meta.put({ key: "cursor", value: "" });
    server.answer = (m) => ({
      client_mutation_id: m.client_mutation_id,
      type: m.type,
      id: m.id,
      status: "rejected",
      code: "not_found",
      retryable: true,
    });
    await queueCreate("people", { given_name: "New" });
    await syncOnce(db(), server);
    expect(await db().records.get("people:gone")).toBeUndefined();
    expect(await db().outbox.count()).toBe(1);
  });

  it("a revoked device wipes everything", async () => {
    server.put("people", "p1", person("Asha", "+1"));
    await syncOnce(db(), server);
    await queueUpdate("people", "p1", { city: "Sylhet" });
    server.revoked = true;
    server.answer = (m) => ({
      client_mutation_id: m.client_mutation_id,
      type: m.type,
      id: m.id,
      status: "rejected",
      code: "not_found",
      retryable: true,
    });
    const report = await syncOnce(db(), server);
    expect(report.revoked).toBe(true);
    expect(await db().records.count()).toBe(0);
    expect(await db().outbox.count()).toBe(0);
    expect(await getMeta(db(), "deviceId")).toBeUndefined();
  });

  it("after a sync, prunes the activities outside the window the server announced", async () => {
    const day = 86_400_000;
    const ago = (days: number) => new Date(Date.now() - days * day).toISOString();
    server.window = { past_days: 30, future_days: 7 };
    server.put("activities", "old", { kind: "note", occurred_at: ago(45) });
    server.put("activities", "new", { kind: "note", occurred_at: ago(2) });
    server.put("activities", "far-ahead", { kind: "meeting", occurred_at: ago(-9) });
    await syncOnce(db(), server);
    expect(await getMeta(db(), "activityWindow")).toEqual({ past_days: 30, future_days: 7 });
    expect((await all<{ id: string }>("activities")).map((a) => a.id)).toEqual(["new"]);
  });
});
