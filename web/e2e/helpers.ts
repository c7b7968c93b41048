import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type APIResponse, expect, type Page } from "@playwright/test";

export const ADMIN_EMAIL = "e2e@example.com";
export const PASSWORD = process.env.E2E_PASSWORD ?? "";
export const SHOTS = join(dirname(fileURLToPath(import.meta.url)), "..", "e2e-screenshots");
mkdirSync(SHOTS, { recursive: true });

export const DESK = { width: 1440, height: 900 };
export const PHONE = { width: 375, height: 812 };

export function unique(prefix: string) {
  return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
}

async function csrf(page: Page) {
  const cookies = await page.context().cookies();
  return cookies.find((c) => c.name === "sampark_csrf")?.value ?? "";
}

async function ok(response: APIResponse) {
  if (!response.ok())
    throw new Error(`${response.status()} ${response.url()}: ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

/** Seed data through the public API, as the signed-in user of this page's context. */
export const api = {
  get: async (page: Page, path: string) => ok(await page.request.get(path)),
  post: async (page: Page, path: string, data: unknown) =>
    ok(await page.request.post(path, { data, headers: { "X-CSRF-Token": await csrf(page) } })),
  patch: async (page: Page, path: string, data: unknown, version?: number) =>
    ok(
      await page.request.patch(path, {
        data,
        headers: {
          "X-CSRF-Token": await csrf(page),
          ...(version ? { "If-Match": String(version) } : {}),
        },
      }),
    ),
};

/**
 * Wait until the page has caught up with a change: a few frames for React to re-render (a media
 * query flips on a resize), then until no finite CSS transition or animation is still running
 * (the sidebar sliding away, a drawer or toast fading in). Endless ones (loaders) are ignored.
 * A condition, not a fixed sleep: it returns as soon as the page is still.
 */
export async function settled(page: Page) {
  const waited = await page.evaluate(async () => {
    const start = performance.now();
    // (A frame, or 50 ms where a page in the background gets no frames.)
    const frame = () =>
      new Promise<void>((done) => {
        requestAnimationFrame(() => done());
        setTimeout(done, 50);
      });
    const moving = () =>
      document.getAnimations().some((a) => {
        if (a.playState !== "running" && !a.pending) return false;
        return a.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY;
      });
    for (let i = 0; i < 3; i++) await frame();
    const deadline = performance.now() + 3000;
    while (moving() && performance.now() < deadline) await frame();
    return performance.now() - start;
  });
  if (process.env.E2E_DEBUG_SETTLE) console.log(`settled in ${Math.round(waited)} ms`);
}

/** Screenshots of what the page shows now, at desk and phone sizes (web/e2e-screenshots/). */
export async function shots(page: Page, name: string, ready?: () => Promise<void>) {
  const original = page.viewportSize() ?? DESK;
  for (const [size, viewport] of [
    ["desk", DESK],
    ["phone", PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    // Let the layout settle (the sidebar slides away below 48em).
    await settled(page);
    if (ready) await ready();
    await page.screenshot({ path: join(SHOTS, `${name}-${size}.png`), fullPage: false });
  }
  await page.setViewportSize(original);
}

export async function signIn(page: Page, email: string, password: string) {
  await page.getByRole("textbox", { name: "E-mail" }).fill(email);
  await page.getByRole("textbox", { name: "Password" }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function expectSignedIn(page: Page) {
  await expect(
    page.getByRole("heading", { level: 1, name: /Good (morning|afternoon|evening)/ }),
  ).toBeVisible();
}
