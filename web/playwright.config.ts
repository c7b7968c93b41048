import { execFileSync } from "node:child_process";
import { defineConfig } from "@playwright/test";

// Free ports and one password for the whole run (workers inherit the environment): the server's,
// and the local mail stack's SMTP, IMAP and message-list ports (e2e/serve.mjs starts both).
const PORTS = ["E2E_PORT", "E2E_SMTP_PORT", "E2E_IMAP_PORT", "E2E_MAIL_PORT"] as const;
if (PORTS.some((name) => !process.env[name])) {
  const free = execFileSync(process.execPath, [
    "-e",
    "const n=require('net');const s=[0,1,2,3].map(()=>n.createServer());let k=0;" +
      "for(const x of s)x.listen(0,'127.0.0.1',()=>{if(++k===s.length){" +
      "process.stdout.write(s.map(y=>y.address().port).join(' '));for(const y of s)y.close()}})",
  ])
    .toString()
    .split(" ");
  PORTS.forEach((name, i) => {
    process.env[name] ??= free[i];
  });
}
process.env.E2E_PASSWORD ??= `e2e-${Math.random().toString(36).slice(2)}-Pw1!`;
const port = process.env.E2E_PORT;
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  // Generous: a 2-core CI box runs two browsers, the API server and the test runner at once.
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL,
    locale: "en-IN",
    timezoneId: "Asia/Dhaka",
    viewport: { width: 1440, height: 900 },
    // A failed journey keeps its trace: actions, DOM snapshots, network and console. Not the
    // screencast: recording it costs Chromium about as much CPU as the journeys themselves.
    trace: { mode: "retain-on-failure", screenshots: false },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "journeys",
      testMatch: /.*\.spec\.ts/,
      dependencies: ["setup"],
      // Only the offline journey needs the service worker; elsewhere it would just compete
      // for the CPU while precaching.
      use: { storageState: "e2e/.auth/admin.json", serviceWorkers: "block" },
    },
  ],
  webServer: {
    command: "node e2e/serve.mjs",
    url: `${baseURL}/api/health`,
    timeout: 90_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
});
