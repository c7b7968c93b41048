import { describe, expect, it } from "vitest";
import type { TicketRule } from "../../../api/types";
import { testI18n } from "../../../test/render";
import {
  nextPosition,
  reorder,
  ruleBody,
  ruleFieldKey,
  ruleSummary,
  ruleValues,
  validateRule,
} from "./ruleForm";

const t = testI18n("en").getFixedT("en", "tickets");
const QUEUE = "0190a0a0-0000-7000-8000-000000000001";
const queueName = (id: string) => (id === QUEUE ? "Billing" : undefined);

function rule(over: Partial<TicketRule> = {}): TicketRule {
  return {
    id: "r1",
    name: "Refunds",
    queue_id: QUEUE,
    position: 10,
    enabled: true,
    conditions: {},
    set_priority: null,
    version: 1,
    ...over,
  };
}

describe("routing rule form", () => {
  it("asks for a name, a queue and a plain amount before sending", () => {
    const v = { ...ruleValues(null), name: "  ", min_lifetime_value: "5,000" };
    expect(validateRule(v, t)).toEqual({
      name: "Required.",
      queue_id: "Required.",
      min_lifetime_value: "A number, e.g. 5000 or 5000.50.",
    });
    expect(
      validateRule({ ...v, name: "VIP", queue_id: QUEUE, min_lifetime_value: "5000.5" }, t),
    ).toEqual({});
  });

  it("sends only the conditions that are filled in, trimmed", () => {
    const v = {
      ...ruleValues(null),
      name: " Refunds ",
      queue_id: QUEUE,
      subject_words: [" refund ", ""],
      tiers: ["gold"],
      min_lifetime_value: " 1000 ",
      set_priority: "high" as const,
    };
    expect(ruleBody(v, 30)).toEqual({
      name: "Refunds",
      queue_id: QUEUE,
      position: 30,
      enabled: true,
      set_priority: "high",
      conditions: { subject_words: ["refund"], tiers: ["gold"], min_lifetime_value: "1000" },
    });
  });

  it("reads a saved rule back into the form", () => {
    const r = rule({
      enabled: false,
      conditions: { channel: ["email"], company_ids: ["c1"], min_lifetime_value: "250.00" },
    });
    expect(ruleValues(r)).toMatchObject({
      name: "Refunds",
      enabled: false,
      channel: ["email"],
      type: [],
      company_ids: ["c1"],
      min_lifetime_value: "250.00",
    });
    expect(ruleBody(ruleValues(r), r.position).conditions).toEqual(r.conditions);
  });

  it("puts the server's condition errors by their own field", () => {
    expect(ruleFieldKey("conditions.tiers.0")).toBe("tiers");
    expect(ruleFieldKey("body.conditions.min_lifetime_value")).toBe("min_lifetime_value");
    expect(ruleFieldKey("queue_id")).toBe("queue_id");
    expect(ruleFieldKey("conditions")).toBe("conditions");
  });
});

describe("routing rule summary", () => {
  it("says every condition, then the queue and priority", () => {
    const r = rule({
      set_priority: "urgent",
      conditions: {
        channel: ["email", "chat"],
        subject_words: ["refund", "return"],
        company_ids: ["a", "b"],
        tiers: ["gold"],
        min_lifetime_value: "5000",
      },
    });
    expect(ruleSummary(r, t, queueName)).toBe(
      "Channel E-mail or Chat · Subject has “refund” or “return” · 2 companies · Tier gold · " +
        "Lifetime value ≥ 5000 → Billing (priority Urgent)",
    );
  });

  it("matches every ticket when there are no conditions", () => {
    expect(ruleSummary(rule(), t, queueName)).toBe("Every ticket → Billing");
  });
});

describe("moving rules", () => {
  const rules = [
    { id: "a", position: 0 },
    { id: "b", position: 0 },
    { id: "c", position: 0 },
  ];

  it("renumbers rules that share a position so a move sticks", () => {
    expect(reorder(rules, "c", -1)).toEqual([
      { id: "a", position: 10 },
      { id: "c", position: 20 },
      { id: "b", position: 30 },
    ]);
  });

  it("sends only the positions that change, and nothing past either end", () => {
    const spaced = [
      { id: "a", position: 10 },
      { id: "b", position: 20 },
      { id: "c", position: 30 },
    ];
    expect(reorder(spaced, "a", 1)).toEqual([
      { id: "b", position: 10 },
      { id: "a", position: 20 },
    ]);
    expect(reorder(spaced, "a", -1)).toEqual([]);
    expect(reorder(spaced, "c", 1)).toEqual([]);
    expect(nextPosition(spaced)).toBe(40);
    expect(nextPosition([])).toBe(10);
  });
});
