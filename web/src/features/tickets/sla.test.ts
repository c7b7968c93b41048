import { describe, expect, it } from "vitest";
import { slaClock } from "./sla";

const NOW = new Date("2026-12-06T10:00:00Z");
const base = {
  status: "open" as const,
  sla_due_at: "2026-12-06T12:00:00Z",
  sla_paused: false,
  breached_at: null,
  breach: null,
  first_response_due_at: "2026-12-06T12:00:00Z",
  resolution_due_at: "2026-12-08T10:00:00Z",
  first_responded_at: null,
};

describe("slaClock", () => {
  it("counts down to the first response while nobody has answered", () => {
    expect(slaClock(base, NOW)).toEqual({
      state: "ok",
      target: "first_response",
      seconds: 7200,
      due: "2026-12-06T12:00:00Z",
    });
  });

  it("turns to at risk inside the warning window, and breached past the target", () => {
    expect(slaClock(base, new Date("2026-12-06T11:40:00Z")).state).toBe("at_risk");
    expect(slaClock(base, new Date("2026-12-06T11:40:00Z"), 10).state).toBe("ok");
    const over = slaClock(base, new Date("2026-12-06T12:05:00Z"));
    expect(over.state).toBe("breached");
    expect(over.seconds).toBe(-300);
  });

  it("moves on to the resolution target once answered", () => {
    const answered = {
      ...base,
      first_responded_at: "2026-12-06T09:00:00Z",
      sla_due_at: base.resolution_due_at,
    };
    expect(slaClock(answered, NOW)).toMatchObject({ state: "ok", target: "resolution" });
  });

  it("is paused while pending on the customer, and done once solved", () => {
    expect(
      slaClock({ ...base, status: "pending", sla_paused: true, sla_due_at: null }, NOW).state,
    ).toBe("paused");
    expect(slaClock({ ...base, status: "solved" }, NOW).state).toBe("met");
  });

  it("shows a recorded breach even when no target runs any more", () => {
    expect(
      slaClock(
        { ...base, sla_due_at: null, first_response_due_at: null, breached_at: NOW.toISOString() },
        NOW,
      ).state,
    ).toBe("breached");
    expect(slaClock({ ...base, sla_due_at: null, first_response_due_at: null }, NOW).state).toBe(
      "none",
    );
  });
});
