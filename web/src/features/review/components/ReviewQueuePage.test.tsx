import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { makePerson, makeSession } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import type { MatchCandidate } from "../hooks/useReview";
import { ReviewQueuePage } from "./ReviewQueuePage";

const older = makePerson({ display_name: "Anwar Hossain", created_at: "2026-01-01T00:00:00Z" });
const newer = makePerson({ display_name: "Anwar Hosain", created_at: "2026-06-01T00:00:00Z" });
const x = makePerson({ display_name: "Jaya Das" });
const y = makePerson({ display_name: "Joya Das" });

function pair(id: string, a: typeof older, b: typeof older, score: number): MatchCandidate {
  return {
    id,
    score,
    match_weight: 7.2,
    evidence: [
      { field: "email", label: "same local part", agreed: true, weight: 6.1 },
      { field: "city", label: "All other comparisons", agreed: false, weight: -1.3 },
      { field: "sources", label: "no source in common", agreed: true, weight: 1.5 },
    ],
    status: "pending",
    created_at: "2026-11-23T04:00:00Z",
    decided_at: null,
    merge_id: null,
    person_a: a,
    person_b: b,
  };
}

describe("ReviewQueuePage", () => {
  it("shows the best pair with its evidence, merges into the older profile, then the next", async () => {
    let pending = [pair("c1", newer, older, 0.91), pair("c2", x, y, 0.74)];
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/match-candidates": () => json({ items: pending, next_cursor: null, limit: 50 }),
      "POST /api/v1/match-candidates/{id}/decision": (call) => {
        const id = call.path.split("/")[4];
        const decided = pending.find((c) => c.id === id);
        pending = pending.filter((c) => c.id !== id);
        return json({ ...decided, status: "merged" });
      },
    });
    renderWithProviders(<ReviewQueuePage />);
    const shown = await screen.findByTestId("pair");
    expect(within(shown).getByText("91% likely the same person")).toBeInTheDocument();
    const evidence = within(shown).getAllByTestId("evidence");
    expect(evidence.map((e) => e.dataset.agreed)).toEqual(["true", "false", "true"]);
    // Each piece of evidence names its field; an agreement also says how it agreed.
    expect(evidence[0]).toHaveTextContent("E-mail · same local part+6.1");
    expect(evidence[1]).toHaveTextContent("City-1.3");
    expect(evidence[1]).not.toHaveTextContent("All other comparisons");
    expect(evidence[2]).toHaveTextContent("From different systems · no source in common+1.5");
    expect(within(shown).getByRole("progressbar", { name: "Match weight of City" })).toBeVisible();
    expect(within(shown).getByTestId("compare-email")).toHaveTextContent("Agrees · 6.1");
    expect(within(shown).getByTestId("compare-address")).toHaveTextContent("Differs");
    // The older profile survives by default.
    expect(within(shown).getByRole("radio", { name: "Anwar Hossain" })).toBeChecked();
    expect(screen.getByTestId("shortcuts")).toHaveTextContent("M Merge");

    await userEvent.click(within(shown).getByRole("button", { name: /^Merge/ }));
    await waitFor(() =>
      expect(screen.getByTestId("pair")).toHaveTextContent("74% likely the same person"),
    );
    const post = calls.find((c) => c.method === "POST");
    expect(post?.path).toBe("/api/v1/match-candidates/c1/decision");
    expect(post?.body).toEqual({ decision: "merge", survivor_id: older.id });

    // N: not the same person; the queue is then empty and says how pairs arrive.
    await userEvent.keyboard("n");
    expect(await screen.findByTestId("review-empty")).toHaveTextContent("sampark resolve");
    expect(calls.filter((c) => c.method === "POST").at(-1)?.body).toEqual({ decision: "reject" });
    expect(screen.getByRole("button", { name: "Run resolution now" })).toBeInTheDocument();
  });

  it("lets an admin run resolution from the empty queue and follows its progress", async () => {
    let polls = 0;
    mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/match-candidates": () => json({ items: [], next_cursor: null, limit: 50 }),
      "POST /api/v1/resolution/runs": () =>
        json(
          {
            id: "run-1",
            status: "running",
            records: 0,
            pairs_scored: 0,
            auto_merged: 0,
            queued: 0,
            started_at: null,
            finished_at: null,
            error: null,
          },
          202,
        ),
      "GET /api/v1/resolution/runs/{id}": () => {
        polls += 1;
        return json({
          id: "run-1",
          status: "done",
          stage: "done",
          dry_run: false,
          records: 300,
          pairs_scored: 1200,
          auto_merged: 4,
          queued: 9,
          started_at: "2026-11-23T04:00:00Z",
          finished_at: "2026-11-23T04:00:05Z",
          error: null,
        });
      },
    });
    renderWithProviders(<ReviewQueuePage />);
    await userEvent.click(await screen.findByRole("button", { name: "Run resolution now" }));
    expect(await screen.findByTestId("run-status")).toHaveTextContent(
      "Done: 300 records, 1200 pairs scored, 4 merged automatically, 9 queued for review.",
    );
    expect(polls).toBeGreaterThan(0);
  });
});
