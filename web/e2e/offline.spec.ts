import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { PHONE, SHOTS, settled } from "./helpers";

test.use({ serviceWorkers: "allow" });

test("the app shell opens offline and says so", async ({ page, context }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // Wait until the service worker controls the page (it has precached the shell).
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) =>
        navigator.serviceWorker.addEventListener("controllerchange", () => resolve(), {
          once: true,
        }),
      );
    }
  });

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId("offline-banner")).toBeVisible();
  await expect(page.getByText("You are offline")).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "People" }),
  ).toBeVisible();
  await page.screenshot({ path: join(SHOTS, "08-offline-desk.png") });
  await page.setViewportSize(PHONE);
  await settled(page);
  await page.screenshot({ path: join(SHOTS, "08-offline-phone.png") });

  await context.setOffline(false);
  await expect(page.getByTestId("offline-banner")).toBeHidden();
});
