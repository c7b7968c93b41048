// Starts the real Sampark server for the end-to-end run: a fresh database in a temp dir with
// 300 demo people, an e2e admin with a known password, and the built web app from web/dist;
// and beside it a local mail stack (tests/mailstack.py: SMTP delivering into an IMAP server)
// that Sampark sends its e-mail through and reads support mailboxes from.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = resolve(web, "..");
const bin = join(root, ".venv/bin/sampark");
const {
  E2E_PORT: port,
  E2E_PASSWORD: password,
  E2E_SMTP_PORT,
  E2E_IMAP_PORT,
  E2E_MAIL_PORT,
} = process.env;
if (!port || !password || !E2E_SMTP_PORT || !E2E_IMAP_PORT || !E2E_MAIL_PORT)
  throw new Error("E2E_PORT, E2E_PASSWORD and E2E_{SMTP,IMAP,MAIL}_PORT must be set");

// The mail stack starts first (pymap takes a second) and stops when our stdin pipe to it closes.
const mail = spawn(
  join(root, ".venv/bin/python"),
  [
    join(root, "tests/mailstack.py"),
    "--smtp-port",
    E2E_SMTP_PORT,
    "--imap-port",
    E2E_IMAP_PORT,
    "--http-port",
    E2E_MAIL_PORT,
  ],
  { cwd: root, stdio: ["pipe", "pipe", "inherit"] },
);
const mailReady = new Promise((ready, failed) => {
  mail.stdout.on("data", (chunk) => {
    if (String(chunk).includes("ready")) ready();
  });
  mail.on("exit", (code) => {
    // Before `ready` this fails the start; later it says why every mail journey fails.
    console.error(`[e2e] the mail stack exited (code ${code})`);
    failed(new Error("the mail stack did not start"));
  });
});

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
  // Outgoing e-mail goes to the local mail stack; links in it point back here.
  SAMPARK_SMTP_HOST: "127.0.0.1",
  SAMPARK_SMTP_PORT: E2E_SMTP_PORT,
  SAMPARK_SMTP_SECURITY: "none",
  SAMPARK_PUBLIC_URL: `http://127.0.0.1:${port}`,
  // Support mailboxes are read every 2 s rather than each minute, so a journey need not wait.
  SAMPARK_JOBS_EVERY_SECONDS: JSON.stringify({ "tickets.imap_poll": 2 }),
};
// `sampark demo` (which migrates first), then `sampark users create`, in one Python process:
// each start of the CLI costs a second or two of imports.
const commands = [
  ["demo", "--people", "300", "--password", password],
  [
    ...["users", "create", "--email", "e2e@example.com", "--role", "admin"],
    ...["--name", "Esha Test", "--password", password],
  ],
];
execFileSync(
  join(root, ".venv/bin/python"),
  [
    "-c",
    "import json, sys\nfrom sampark.cli import app\n" +
      "for args in json.loads(sys.argv[1]): app(args, standalone_mode=False)",
    JSON.stringify(commands),
  ],
  { env, cwd: root, stdio: ["ignore", "ignore", "inherit"] },
);

await mailReady;
const server = spawn(bin, ["serve", "--port", port, "--no-demo"], {
  env,
  cwd: root,
  stdio: "inherit",
});
const stop = () => {
  server.kill("SIGTERM");
  mail.kill("SIGTERM");
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
server.on("exit", (code, signal) => {
  // Say so when the server stops on its own: every journey after it would fail to connect.
  console.error(`[e2e] sampark serve exited (code ${code}, signal ${signal})`);
  mail.kill("SIGTERM");
  rmSync(varDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
