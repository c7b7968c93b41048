import { describe, expect, it } from "vitest";
import {
  isBare,
  nameTaken,
  type SavedView,
  sameState,
  searchForView,
  stateOf,
  stateOfView,
  visibleColumns,
} from "./state";

const HOT = JSON.stringify({ and: [{ field: "lifecycle_stage", op: "eq", value: "lead" }] });

function view(over: Partial<SavedView> = {}): SavedView {
  return {
    id: "v1",
    owner_id: "me",
    name: "Hot leads",
    object_type: "people",
    filter: HOT,
    sort: "display_name",
    q: "rahim",
    columns: ["name", "city"],
    shared: false,
    is_default: false,
    created_at: "2026-12-06T00:00:00Z",
    updated_at: "2026-12-06T00:00:00Z",
    version: 1,
    ...over,
  };
}

describe("saved view state", () => {
  it("writes a view into the URL and reads the same state back", () => {
    const before = new URLSearchParams("deleted=1&cursor=abc&q=old");
    const url = searchForView(before, view(), "-updated_at");
    expect(url.get("view")).toBe("v1");
    expect(url.get("q")).toBe("rahim");
    expect(url.get("sort")).toBe("display_name");
    expect(url.get("cols")).toBe("name,city");
    expect(url.get("cursor")).toBeNull();
    expect(url.get("deleted")).toBe("1"); // not the view's business
    expect(sameState(stateOf(url, "-updated_at"), stateOfView(view(), "-updated_at"))).toBe(true);
  });

  it("counts the list's default sort as no sort, and ignores filter spacing", () => {
    const url = new URLSearchParams({
      sort: "-updated_at",
      filter: JSON.stringify(JSON.parse(HOT), null, 2),
    });
    const saved = view({ sort: null, q: null, columns: [] });
    expect(sameState(stateOf(url, "-updated_at"), stateOfView(saved, "-updated_at"))).toBe(true);
    url.set("q", "karim");
    expect(sameState(stateOf(url, "-updated_at"), stateOfView(saved, "-updated_at"))).toBe(false);
  });

  it("choosing All clears the view's state only", () => {
    const url = searchForView(new URLSearchParams("view=v1&q=x&cols=a&tab=2"), null);
    expect(url.toString()).toBe("tab=2");
    expect(isBare(url)).toBe(true);
    expect(isBare(new URLSearchParams("q=x"))).toBe(false);
  });

  it("finds a name clash among the caller's own views only, ignoring case", () => {
    const views = [view(), view({ id: "v2", owner_id: "other", name: "Team" })];
    expect(nameTaken(views, "me", "  hot LEADS ")).toBe(true);
    expect(nameTaken(views, "me", "Hot leads", "v1")).toBe(false); // renaming itself
    expect(nameTaken(views, "me", "Team")).toBe(false);
  });

  it("shows the view's columns in its order, skipping unknown ones", () => {
    const columns = [{ key: "name" }, { key: "email" }, { key: "city" }];
    expect(visibleColumns(columns, ["city", "gone", "name"]).map((c) => c.key)).toEqual([
      "city",
      "name",
    ]);
    expect(visibleColumns(columns, [])).toBe(columns);
    expect(visibleColumns(columns, ["gone"])).toBe(columns);
  });
});
