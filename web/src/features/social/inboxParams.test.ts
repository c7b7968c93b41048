import { describe, expect, it } from "vitest";
import {
  activeFilterCount,
  INBOX_DEFAULT_SORT,
  inboxQuery,
  inboxSearch,
  inboxStateFrom,
} from "./inboxParams";

describe("inbox URL state", () => {
  it("reads filters, dropping values the API does not know", () => {
    const state = inboxStateFrom(
      new URLSearchParams("intent=complaint,bogus,complaint&language=bn,hi-Latn&team=t1&post=p9"),
    );
    expect(state.filters.intent).toEqual(["complaint"]);
    expect(state.filters.language).toEqual(["bn", "hi-Latn"]);
    expect(state.filters.platform).toEqual([]);
    expect(state.teamId).toBe("t1");
    expect(state.post).toBe("p9");
    expect(state.sort).toBe(INBOX_DEFAULT_SORT);
    expect(activeFilterCount(state)).toBe(3);
  });

  it("sorts by priority unless a known sort is named", () => {
    expect(inboxStateFrom(new URLSearchParams("sort=-posted_at")).sort).toBe("-posted_at");
    expect(inboxStateFrom(new URLSearchParams("sort=drop table")).sort).toBe(INBOX_DEFAULT_SORT);
  });

  it("writes only what differs from the defaults and reads it back the same", () => {
    const state = inboxStateFrom(new URLSearchParams("q=%20refund%20&sentiment=negative"));
    const search = inboxSearch(state);
    expect(search.toString()).toBe("q=refund&sentiment=negative");
    expect(inboxStateFrom(search)).toEqual({ ...state, q: "refund" });
  });

  it("turns the state into the API query, leaving empty filters out", () => {
    const state = inboxStateFrom(new URLSearchParams("intent=complaint,question&assignee=me"));
    const query = inboxQuery(state);
    expect(query.intent).toEqual(["complaint", "question"]);
    expect(query.platform).toBeUndefined();
    expect(query.assignee).toBe("me");
    expect(query.sort).toBe("-priority_score");
    expect(query.q).toBeUndefined();
  });
});
