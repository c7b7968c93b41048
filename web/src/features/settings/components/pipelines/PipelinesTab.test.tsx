import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Pipeline, StageIn } from "../../../../api/types";
import { makePipeline } from "../../../../test/factories";
import { json, type MockCall, mockApi } from "../../../../test/fetchMock";
import { renderWithProviders } from "../../../../test/render";
import { PipelinesTab } from "./PipelinesTab";

type Handler = (call: MockCall, pipeline: Pipeline) => Response;

/** The pipeline as the API would answer a PUT of these stages. */
function applied(pipeline: Pipeline, stages: StageIn[], version = pipeline.version + 1): Pipeline {
  return {
    ...pipeline,
    version,
    stages: stages.map((s, position) => ({
      id: s.id ?? `new-${position}`,
      pipeline_id: pipeline.id,
      name: s.name,
      position,
      probability: s.probability,
      rotting_days: s.rotting_days ?? null,
    })),
  };
}

function setup(put: Handler, counts: Record<string, number> = {}) {
  const pipeline = makePipeline();
  const api = mockApi({
    "GET /api/v1/pipelines": () => json([pipeline]),
    "GET /api/v1/deals/summary": () =>
      json({
        pipeline_id: pipeline.id,
        stages: pipeline.stages.map((s) => ({
          stage_id: s.id,
          name: s.name,
          position: s.position,
          probability: s.probability,
          count: counts[s.id] ?? 0,
          totals: [],
        })),
      }),
    "PUT /api/v1/pipelines/{id}/stages": (call) => put(call, pipeline),
  });
  renderWithProviders(<PipelinesTab />);
  return { ...api, pipeline };
}

const puts = (calls: MockCall[]) => calls.filter((c) => c.method === "PUT");

async function openSales() {
  await userEvent.click(await screen.findByRole("button", { name: /^Sales/ }));
}

describe("Settings → Pipelines, stages", () => {
  it("adds a stage, moves it up and saves the new order with the version read", async () => {
    const { calls } = setup((call, p) =>
      json(applied(p, (call.body as { stages: StageIn[] }).stages)),
    );
    await openSales();
    await userEvent.click(screen.getByRole("button", { name: "Add stage" }));
    const name = screen.getByRole("textbox", { name: "Name of stage 3" });
    await waitFor(() => expect(name).toHaveFocus());
    await userEvent.type(name, "Negotiation");
    await userEvent.clear(screen.getByRole("textbox", { name: "Win probability of stage 3" }));
    await userEvent.type(screen.getByRole("textbox", { name: "Win probability of stage 3" }), "70");
    await userEvent.click(screen.getByRole("button", { name: "Move Negotiation up" }));
    // Said to screen readers, too.
    expect(screen.getByText("Negotiation moved to position 2")).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Name of stage 2" })).toHaveValue("Negotiation");

    await userEvent.click(screen.getByRole("button", { name: "Save stages" }));
    expect(await screen.findByText("Stages saved")).toBeInTheDocument();
    const [put] = puts(calls);
    expect(put?.headers.get("If-Match")).toBe("1");
    expect(put?.body).toEqual({
      stages: [
        { id: "s1", name: "Qualification", probability: 10, rotting_days: 14 },
        { name: "Negotiation", probability: 70, rotting_days: null },
        { id: "s2", name: "Proposal", probability: 50, rotting_days: 21 },
      ],
    });
    // Saved: nothing left to save, and the new stage now has its id.
    expect(screen.getByRole("button", { name: "Save stages" })).toBeDisabled();
  });

  it("checks names before sending anything", async () => {
    const { calls } = setup((_call, p) => json(p));
    await openSales();
    await userEvent.click(screen.getByRole("button", { name: "Add stage" }));
    await userEvent.type(screen.getByRole("textbox", { name: "Name of stage 3" }), "proposal");
    await userEvent.click(screen.getByRole("button", { name: "Save stages" }));
    expect(await screen.findByText("Another stage has this name.")).toBeInTheDocument();
    expect(puts(calls)).toHaveLength(0);
  });

  it("asks before deleting a stage, and puts it back when it still holds deals", async () => {
    const { calls } = setup(
      () =>
        json(
          {
            status: 409,
            code: "stage_in_use",
            detail: "These stages still hold deals and cannot be deleted: Qualification.",
            errors: [{ field: "stages", code: "stage_in_use", message: "in use: Qualification" }],
            stage_ids: ["s1"],
          },
          409,
        ),
      { s1: 3 },
    );
    await openSales();
    expect(await screen.findByText("Holds 3 deals")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Remove Qualification" }));
    expect(screen.queryByRole("textbox", { name: "Name of stage 2" })).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Save stages" }));

    const dialog = await screen.findByRole("dialog", { name: "Delete 1 stage?" });
    expect(within(dialog).getByText(/Qualification — Holds 3 deals/)).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete and save" }));

    expect(await screen.findByTestId("stages-error")).toHaveTextContent(
      "these stages still hold deals, so they were put back: Qualification",
    );
    expect(screen.getByRole("textbox", { name: "Name of stage 1" })).toHaveValue("Qualification");
    expect(screen.getByText("Still holds deals: move them to another stage first.")).toBeVisible();
    expect(puts(calls)[0]?.body).toEqual({
      stages: [{ id: "s2", name: "Proposal", probability: 50, rotting_days: 21 }],
    });
  });

  it("shows the API's message on the row it names", async () => {
    setup(() =>
      json(
        {
          status: 422,
          code: "validation_failed",
          errors: [
            { field: "stages.1.name", code: "duplicate", message: "another stage has this name" },
          ],
        },
        422,
      ),
    );
    await openSales();
    const second = screen.getByRole("textbox", { name: "Name of stage 2" });
    await userEvent.clear(second);
    await userEvent.type(second, "Proposal B");
    await userEvent.click(screen.getByRole("button", { name: "Save stages" }));
    const row = await screen.findByTestId("stage-row-2");
    expect(await within(row).findByText("another stage has this name")).toBeInTheDocument();
  });

  it("turns a stale version into a conflict the admin resolves", async () => {
    let attempt = 0;
    const { calls } = setup((call, p) => {
      attempt += 1;
      const theirs = applied(p, [{ id: "s1", name: "Lead", probability: 10 }], 2);
      if (attempt === 1)
        return json({ status: 412, code: "version_mismatch", current: theirs }, 412);
      return json(applied(theirs, (call.body as { stages: StageIn[] }).stages));
    });
    await openSales();
    const first = screen.getByRole("textbox", { name: "Name of stage 1" });
    await userEvent.clear(first);
    await userEvent.type(first, "Qualified");
    await userEvent.click(screen.getByRole("button", { name: "Save stages" }));

    const dialog = await screen.findByRole("dialog", { name: "Someone else saved first" });
    expect(within(dialog).getAllByText("Lead").length).toBeGreaterThan(0);
    await userEvent.click(within(dialog).getByRole("button", { name: "Re-apply my change" }));
    await waitFor(() => expect(puts(calls)).toHaveLength(2));
    expect(puts(calls)[1]?.headers.get("If-Match")).toBe("2");
    expect(await screen.findByText("Stages saved")).toBeInTheDocument();
  });
});
