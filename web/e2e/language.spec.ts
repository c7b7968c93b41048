import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { api, DESK, PASSWORD, PHONE, SHOTS, settled, signIn, unique } from "./helpers";

test("switch to বাংলা: the navigation is in Bengali, and the choice is remembered", async ({
  page,
  browser,
}) => {
  // A user of their own, so switching language does not disturb other journeys.
  const email = `${unique("arif").replace(" ", ".")}@example.com`;
  await api.post(page, "/api/v1/users", {
    email,
    display_name: "Arif Hossain",
    role: "sales",
    password: PASSWORD,
    locale: "en",
  });

  const context = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    viewport: DESK,
  });
  const arif = await context.newPage();
  await arif.goto("/sign-in");
  await signIn(arif, email, PASSWORD);
  const nav = arif.getByRole("navigation", { name: "Main navigation" });
  await expect(nav.getByRole("link", { name: "People" })).toBeVisible();

  await arif.getByRole("button", { name: "Your account" }).click();
  await arif.getByRole("menuitem", { name: "বাংলা" }).click();
  const bnNav = arif.getByRole("navigation", { name: "প্রধান নেভিগেশন" });
  await expect(bnNav.getByRole("link", { name: "মানুষ" })).toBeVisible();
  await expect(bnNav.getByRole("link", { name: "আজ", exact: true })).toBeVisible();
  await expect(arif.locator("html")).toHaveAttribute("lang", "bn");
  await arif.screenshot({ path: join(SHOTS, "07-bengali-desk.png") });

  // On a phone, the bottom bar speaks Bengali too.
  await arif.setViewportSize(PHONE);
  await settled(arif);
  const bottom = arif.getByRole("navigation", { name: "দ্রুত নেভিগেশন" });
  await expect(bottom.getByRole("link", { name: "পাইপলাইন" })).toBeVisible();
  await arif.screenshot({ path: join(SHOTS, "07-bengali-phone.png") });

  // Remembered on the account: a fresh browser signs in straight into Bengali.
  const me = await arif.request.get("/api/v1/me");
  expect((await me.json()).locale).toBe("bn");
  const fresh = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    viewport: DESK,
  });
  const again = await fresh.newPage();
  await again.goto("/sign-in");
  await signIn(again, email, PASSWORD);
  await expect(
    again.getByRole("navigation", { name: "প্রধান নেভিগেশন" }).getByRole("link", { name: "কাজ" }),
  ).toBeVisible();
  await context.close();
  await fresh.close();
});
