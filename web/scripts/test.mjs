// `npm test`: every gate of the web app, in order; stops at the first failure with its exit code.
// `npm test -- --checks` runs every gate but the end-to-end journeys (quick, so `make test` runs
// them before pytest); `npm test -- --e2e` runs only the journeys, against the dist/ just built.
import { spawnSync } from "node:child_process";

const all = [
  ["types", "npx", ["tsc", "--noEmit", "-p", "tsconfig.json"]],
  ["lint", "npx", ["biome", "check", "."]],
  ["unit tests", "npx", ["vitest", "run"]],
  ["API types up to date", "node", ["scripts/gen-api.mjs", "--check"]],
  ["icon types up to date", "node", ["scripts/gen-icon-types.mjs", "--check"]],
  ["build", "npx", ["vite", "build"]],
  ["first-route size", "node", ["scripts/bundle-size.mjs"]],
  ["end-to-end", "npx", ["playwright", "test"]],
];
const only = process.argv.includes("--checks")
  ? (name) => name !== "end-to-end"
  : process.argv.includes("--e2e")
    ? (name) => name === "end-to-end"
    : () => true;
const steps = all.filter(([name]) => only(name));

const started = Date.now();
for (const [name, command, args] of steps) {
  const t0 = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed after ${seconds}s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${name} (${seconds}s)`);
}
console.log(`\nAll web checks passed in ${((Date.now() - started) / 1000).toFixed(0)}s.`);
