import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../../api/errors";
import { makePerson, makeSession } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import type { Merge } from "../hooks/useMerges";
import { MergeAction } from "./MergeAction";
import { MergedNotice } from "./MergedNotice";
import { MergeHistory } from "./MergeHistory";

const survivor = makePerson({
  given_name: "Mitali",
  family_name: "Sarkar",
  display_name: "Mitali Sarkar",
});
const other = makePerson({
  given_name: "Mitali",
  family_name: "Sarkar",
  display_name: "Mitali Sarkar (shop)",
  emails: [{ email: "mitali@shop.example", label: "home", primary: true }],
  primary_email: "mitali@shop.example",
});

function merge(over: Partial<Merge> = {}): Merge {
  return {
    id: "m-1",
    survivor_id: survivor.id,
    merged_id: other.id,
    survivor_name: survivor.display_name,
    merged_name: other.display_name,
    method: "manual",
    score: null,
    evidence: { reason: "same phone" },
    moved: { activities: 2, identities: 1 },
    actor_label: "nusrat@example.com",
    created_at: "2026-11-23T04:00:00Z",
    undone_at: null,
    ...over,
  };
}

describe("MergeAction", () => {
  it("picks the duplicate, shows both side by side and merges it into this person", async () => {
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/people": () => json({ items: [other], next_cursor: null, limit: 20 }),
      "GET /api/v1/people/{id}": () => json(other),
      "POST /api/v1/people/{id}/merge": () => json(merge(), 201),
    });
    renderWithProviders(<MergeAction person={survivor} />);
    await userEvent.click(screen.getByRole("button", { name: "Merge with…" }));
    const dialog = await screen.findByRole("dialog", {
      name: "Merge a duplicate into this person",
    });
    const confirm = within(dialog).getByRole("button", { name: "Merge" });
    expect(confirm).toBeDisabled();
    await userEvent.click(
      within(dialog).getByRole("combobox", { name: "The duplicate to merge in" }),
    );
    await userEvent.click(await screen.findByRole("option", { name: /Mitali Sarkar \(shop\)/ }));
    const emails = await within(dialog).findByTestId("compare-email");
    expect(emails).toHaveTextContent("rahim@example.com");
    expect(emails).toHaveTextContent("mitali@shop.example");
    expect(
      within(dialog).getByText(/Mitali Sarkar \(shop\)'s e-mails, phones/),
    ).toBeInTheDocument();
    await userEvent.type(
      within(dialog).getByRole("textbox", { name: "Reason (optional)" }),
      "same phone",
    );
    await userEvent.click(within(dialog).getByRole("button", { name: "Merge" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    const post = calls.find((c) => c.method === "POST");
    expect(post?.path).toBe(`/api/v1/people/${survivor.id}/merge`);
    expect(post?.body).toEqual({ merged_id: other.id, reason: "same phone" });
    expect(
      await screen.findByText("Mitali Sarkar (shop) merged into Mitali Sarkar"),
    ).toBeInTheDocument();
  });
});

describe("MergeHistory", () => {
  it("lists merges with what moved, and undoes one after a confirmation", async () => {
    let undone = false;
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/people/{id}/merges": () =>
        json([merge(undone ? { undone_at: "2026-11-23T05:00:00Z" } : {})]),
      "POST /api/v1/merges/{id}/undo": () => {
        undone = true;
        return json(merge({ undone_at: "2026-11-23T05:00:00Z" }));
      },
    });
    renderWithProviders(<MergeHistory personId={survivor.id} />);
    const item = await screen.findByTestId("merge-item");
    expect(item).toHaveTextContent("Merged in: Mitali Sarkar (shop)");
    expect(item).toHaveTextContent("Moved: 2 activities, 1 identity");
    expect(item).toHaveTextContent("Manual");
    expect(within(item).getByRole("link", { name: "Mitali Sarkar (shop)" })).toHaveAttribute(
      "href",
      `/people/${other.id}`,
    );
    await userEvent.click(within(item).getByRole("button", { name: "Undo merge" }));
    const dialog = await screen.findByRole("dialog", { name: "Undo this merge?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Undo merge" }));
    await waitFor(() => expect(screen.getByTestId("merge-item")).toHaveTextContent("Undone"));
    expect(calls.some((c) => c.method === "POST" && c.path === "/api/v1/merges/m-1/undo")).toBe(
      true,
    );
    expect(await screen.findByText("Mitali Sarkar (shop) is back")).toBeInTheDocument();
  });
});

describe("MergedNotice", () => {
  it("tells where a retired person went, with a link to the survivor", async () => {
    mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/people/{id}/merges": () => json([merge()]),
    });
    renderWithProviders(
      <MergedNotice
        personId={other.id}
        error={new ApiError(404, undefined)}
        fallback={<p>not found</p>}
      />,
    );
    const banner = await screen.findByTestId("merged-banner");
    expect(banner).toHaveTextContent("Mitali Sarkar (shop) was merged");
    expect(within(banner).getByRole("link", { name: "Mitali Sarkar" })).toHaveAttribute(
      "href",
      `/people/${survivor.id}`,
    );
    expect(within(banner).getByRole("button", { name: "Undo merge" })).toBeInTheDocument();
  });
});
