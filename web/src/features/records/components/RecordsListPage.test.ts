import { describe, expect, it } from "vitest";
import { catalogues } from "../../../test/render";
import { LIST_PAGE_KEYS, type RecordKind } from "./RecordsListPage";

type Tree = { [key: string]: string | Tree };

/** The text at a dotted key, or a plural's `_other` form. */
function lookup(tree: Tree | undefined, key: string): unknown {
  const parts = key.split(".");
  const last = parts.pop() ?? "";
  let node: Tree | string | undefined = tree;
  for (const part of parts) node = typeof node === "object" ? node[part] : undefined;
  return typeof node === "object" ? (node[last] ?? node[`${last}_other`]) : undefined;
}

describe("RecordsListPage's strings", () => {
  // The page reads them from the kind's namespace, which the catalogue test cannot see.
  const kinds: RecordKind<never>["kind"][] = ["people", "companies"];
  const all = catalogues() as unknown as Record<string, Record<string, Tree>>;
  for (const language of ["en", "bn", "hi"])
    for (const kind of kinds)
      it(`${language}/${kind} has every key of the list page`, () => {
        const missing = LIST_PAGE_KEYS.filter(
          (key) => typeof lookup(all[language]?.[kind], key) !== "string",
        );
        expect(missing).toEqual([]);
      });
});
