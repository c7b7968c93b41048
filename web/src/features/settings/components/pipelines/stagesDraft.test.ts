import { describe, expect, it } from "vitest";
import { makePipeline } from "../../../../test/factories";
import {
  blankStage,
  checkStages,
  isDirty,
  mapStageProblems,
  moveStage,
  removedStages,
  restoreStages,
  toDraft,
  toPayload,
} from "./stagesDraft";

const saved = makePipeline().stages; // Qualification (s1), Proposal (s2)

describe("the stages draft", () => {
  it("moves a row and leaves out-of-range moves alone", () => {
    const draft = [...toDraft(saved), { ...blankStage(), name: "Won" }];
    expect(moveStage(draft, 2, 0).map((s) => s.name)).toEqual(["Won", "Qualification", "Proposal"]);
    expect(moveStage(draft, 0, 1).map((s) => s.name)).toEqual(["Proposal", "Qualification", "Won"]);
    expect(moveStage(draft, 0, -1)).toBe(draft);
    expect(moveStage(draft, 2, 3)).toBe(draft);
  });

  it("sends existing stages with their id, new ones without, in the new order", () => {
    const added = { ...blankStage(), name: "  Negotiation ", probability: 70 };
    const draft = moveStage([...toDraft(saved), added], 2, 1);
    expect(toPayload(draft)).toEqual([
      { id: "s1", name: "Qualification", probability: 10, rotting_days: 14 },
      { name: "Negotiation", probability: 70, rotting_days: null },
      { id: "s2", name: "Proposal", probability: 50, rotting_days: 21 },
    ]);
  });

  it("knows what changed and what saving would delete", () => {
    const draft = toDraft(saved);
    expect(isDirty(saved, draft)).toBe(false);
    expect(isDirty(saved, moveStage(draft, 0, 1))).toBe(true);
    expect(removedStages(saved, draft.slice(1)).map((s) => s.id)).toEqual(["s1"]);
  });

  it("checks names, probabilities and rotting days before sending", () => {
    const draft = [
      ...toDraft(saved),
      { ...blankStage(), name: "proposal " },
      { ...blankStage(), name: " ", probability: 120, rotting_days: 0 },
    ];
    const checks = checkStages(draft);
    expect(Object.keys(checks)).toHaveLength(2);
    expect(checks[draft[2]!.key]).toEqual({ name: "duplicate" });
    expect(checks[draft[3]!.key]).toEqual({
      name: "required",
      probability: "probability",
      rotting_days: "rotting",
    });
    expect(checkStages(toDraft(saved))).toEqual({});
  });

  it("puts the API's messages on the rows that were sent, whatever moved since", () => {
    const sent = toDraft(saved);
    const { rows, general } = mapStageProblems(
      [
        { field: "stages.1.name", code: "duplicate", message: "another stage has this name" },
        { field: "stages.0.probability", code: "less_than_equal", message: "at most 100" },
        { field: "stages", code: "stage_in_use", message: "in use: Lead" },
      ],
      sent,
      (p) => p.message,
    );
    expect(rows).toEqual({
      s2: { name: "another stage has this name" },
      s1: { probability: "at most 100" },
    });
    expect(general).toEqual(["in use: Lead"]);
  });

  it("puts stages that still hold deals back where they were", () => {
    const withoutFirst = toDraft(saved).slice(1);
    const restored = restoreStages(withoutFirst, saved, ["s1"]);
    expect(restored.map((s) => s.id)).toEqual(["s1", "s2"]);
    // Already there: nothing twice.
    expect(restoreStages(restored, saved, ["s1"])).toHaveLength(2);
  });
});
