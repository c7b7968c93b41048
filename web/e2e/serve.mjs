// Starts the real Sampark server for the end-to-end run: a fresh database in a temp dir with
// 300 demo people, an e2e admin with a known password, and the built web app from web/dist.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = resolve(web, "..");
const bin = join(root, ".venv/bin/sampark");
const port = process.env.E2E_PORT;
const password = process.env.E2E_PASSWORD;
if (!port || !password) throw new Error("E2E_PORT and E2E_PASSWORD must be set");

const varDir = mkdtempSync(join(tmpdir(), "sampark-e2e-"));
const env = {
  ...process.env,
  SAMPARK_VAR_DIR: varDir,
  SAMPARK_DEMO_PEOPLE: "300",
  SAMPARK_WEB_DIST: join(web, "dist"),
  SAMPARK_LOGIN_MAX_FAILURES_PER_ADDRESS: "1000",
  // Resolution never merges by itself here: every likely pair goes to the review queue
  // (review.spec.ts decides them in the browser).
  SAMPARK_RESOLUTION_AUTO_MERGE_THRESHOLD: "1.01",
};
const run = (...args) =>
  execFileSync(bin, args, { env, cwd: root, stdio: ["ignore", "ignore", "inherit"] });

run("migrate");
run("demo", "--people", "300", "--password", password);
run(
  "users",
  "create",
  "--email",
  "e2e@example.com",
  "--role",
  "admin",
  "--name",
  "Esha Test",
  "--password",
  password,
);

const server = spawn(bin, ["serve", "--port", port, "--no-demo"], {
  env,
  cwd: root,
  stdio: "inherit",
});
const stop = () => {
  server.kill("SIGTERM");
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
server.on("exit", (code, signal) => {
  // Say so when the server stops on its own: every journey after it would fail to connect.
  console.error(`[e2e] sampark serve exited (code ${code}, signal ${signal})`);
  rmSync(varDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
