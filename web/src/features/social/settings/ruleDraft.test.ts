import { describe, expect, it } from "vitest";
import type { SocialRule } from "../types";
import { conditionParts, draftErrors, draftFrom, emptyAction, rulePayload } from "./ruleDraft";

const rule = {
  id: "r1",
  name: "Complaints",
  position: 1,
  enabled: true,
  stop: true,
  is_default: true,
  conditions: {
    platforms: [],
    kinds: [],
    languages: [],
    sentiments: [],
    intents: ["complaint"],
    min_intent_confidence: null,
    priorities: [],
    min_priority_score: null,
    keywords_any: [],
    keyword_kinds: [],
    min_followers: 1000,
  },
  actions: [
    { type: "route", team: "Customer service", queue: null, priority: null },
    { type: "ticket", team: null, queue: "Customer service", priority: "high" },
    { type: "assign", team: null, queue: null, priority: null },
  ],
  created_at: "",
  updated_at: "",
  version: 3,
} as SocialRule;

describe("routing rule drafts", () => {
  it("round-trips a rule, leaving out blank conditions and unused action fields", () => {
    const payload = rulePayload(draftFrom(rule));
    expect(payload.conditions).toEqual({ intents: ["complaint"], min_followers: 1000 });
    expect(payload.actions).toEqual([
      { type: "route", team: "Customer service" },
      { type: "ticket", queue: "Customer service", priority: "high" },
      { type: "assign" },
    ]);
    expect(payload.name).toBe("Complaints");
  });

  it("keeps a zero threshold and trims keywords", () => {
    const draft = draftFrom(null);
    draft.name = " VIP ";
    draft.min_priority_score = 0;
    draft.keywords_any = [" #sale ", ""];
    draft.actions = [{ ...emptyAction("copy"), team: "Marketing" }];
    const payload = rulePayload(draft);
    expect(payload.name).toBe("VIP");
    expect(payload.conditions).toEqual({ min_priority_score: 0, keywords_any: ["#sale"] });
    expect(payload.actions).toEqual([{ type: "copy", team: "Marketing" }]);
  });

  it("names what is missing before asking the API", () => {
    const draft = draftFrom(null);
    draft.actions = [emptyAction("route"), emptyAction("ticket"), emptyAction("hide")];
    expect(draftErrors(draft)).toEqual({
      name: "required",
      "actions.0.team": "required",
      "actions.1.queue": "required",
    });
  });

  it("summarises the stated conditions in order", () => {
    expect(conditionParts(rule.conditions)).toEqual([
      { field: "intents", values: ["complaint"] },
      { field: "min_followers", values: ["1000"] },
    ]);
  });
});
