// The JavaScript a browser must download to show a route for the first time, gzipped:
// the entry chunk, the route's chunk, their static imports, and the route's strings.
// Fails when the first route (Today, "/") is over budget.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(web, "dist");
const manifest = JSON.parse(readFileSync(join(dist, ".vite/manifest.json"), "utf8"));
const BUDGET_KB = 300;

function closure(keys, seen = new Set()) {
  for (const key of keys) {
    if (seen.has(key) || !manifest[key]) continue;
    seen.add(key);
    closure(manifest[key].imports ?? [], seen);
  }
  return seen;
}

const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
const routes = {
  "/ (Today)": [
    "src/features/today/components/TodayPage.tsx",
    ["common", "today", "tasks", "activities"],
  ],
  "/sign-in": ["src/features/auth/components/SignInPage.tsx", ["common", "auth"]],
  "/people": ["src/features/people/components/PeopleListPage.tsx", ["common", "people"]],
  "/pipeline": ["src/features/deals/components/PipelinePage.tsx", ["common", "deals"]],
};

let failed = false;
for (const [route, [page, namespaces]] of Object.entries(routes)) {
  const keys = closure([entry, page]);
  for (const ns of namespaces) keys.add(`src/i18n/locales/en/${ns}.json`);
  let total = 0;
  for (const key of keys) if (manifest[key]?.file?.endsWith(".js")) total += gz(manifest[key].file);
  const kb = total / 1024;
  console.log(`${route.padEnd(12)} ${kb.toFixed(1)} KB gzipped JS`);
  if (route.startsWith("/ ") && kb > BUDGET_KB) failed = true;
}
if (failed) {
  console.error(`The first route is over its ${BUDGET_KB} KB budget.`);
  process.exit(1);
}
