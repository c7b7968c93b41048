import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogues } from "../test/render";
import { NAMESPACES } from "./index";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const all = catalogues() as unknown as Record<string, Record<string, Tree>>;
const vars = (text: string) => [...text.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]).sort();

describe("translation catalogues", () => {
  it("has every namespace in every language", () => {
    for (const language of ["en", "bn", "hi"]) {
      expect(Object.keys(all[language] ?? {}).sort()).toEqual([...NAMESPACES].sort());
    }
  });

  for (const namespace of NAMESPACES) {
    it(`${namespace}: bn and hi have exactly the English keys, with the same placeholders`, () => {
      const en = flatten(all.en?.[namespace] ?? {});
      for (const language of ["bn", "hi"]) {
        const other = flatten(all[language]?.[namespace] ?? {});
        expect([...other.keys()].sort(), `${language}/${namespace}`).toEqual([...en.keys()].sort());
        for (const [key, text] of other) {
          expect(text.trim(), `${language}/${namespace}:${key} is empty`).not.toBe("");
          expect(vars(text), `${language}/${namespace}:${key} placeholders`).toEqual(
            vars(en.get(key) ?? ""),
          );
        }
      }
    });
  }

  it("every literal key used in the code exists in English", () => {
    const src = join(__dirname, "..");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (
          /\.tsx?$/.test(entry.name) &&
          !/\.test\.tsx?$/.test(entry.name) &&
          !entry.name.endsWith(".d.ts")
        )
          files.push(path);
      }
    };
    walk(src);
    const en = Object.fromEntries(NAMESPACES.map((ns) => [ns, flatten(all.en?.[ns] ?? {})]));
    const exists = (ns: string, key: string) => {
      const keys = en[ns];
      return Boolean(keys && (keys.has(key) || keys.has(`${key}_one`) || keys.has(`${key}_other`)));
    };
    const missing: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const declared = text.match(/useTranslation\((?:\[\s*)?"(\w+)"/);
      const fileNs = declared?.[1] ?? "common";
      // Namespaces this file asks to load: a key from any other would show up raw.
      const loaded = new Set(["common"]);
      for (const call of text.matchAll(/useTranslation\(([^)]*)\)/g)) {
        for (const ns of (call[1] ?? "").matchAll(/"(\w+)"/g)) loaded.add(ns[1] ?? "");
      }
      for (const match of text.matchAll(/\bt\("([\w.:-]+)"/g)) {
        const raw = match[1] ?? "";
        const [ns, key] = raw.includes(":") ? (raw.split(":") as [string, string]) : [fileNs, raw];
        if (!exists(ns, key)) missing.push(`${relative(src, file)}: ${ns}:${key}`);
        if (declared && !loaded.has(ns))
          missing.push(`${relative(src, file)}: ${ns}:${key} (namespace not loaded here)`);
      }
    }
    expect(missing).toEqual([]);
  });
});
