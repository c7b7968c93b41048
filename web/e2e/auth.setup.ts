import { mkdirSync } from "node:fs";
import { expect, test as setup } from "@playwright/test";
import { ADMIN_EMAIL, expectSignedIn, PASSWORD, shots, signIn } from "./helpers";

setup("sign in", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in to Sampark" })).toBeVisible();
  await shots(page, "01-sign-in");

  // A wrong password is refused with a clear message, and nothing else happens.
  await signIn(page, ADMIN_EMAIL, "wrong-password");
  await expect(page.getByRole("alert")).toContainText("do not match");

  await signIn(page, ADMIN_EMAIL, PASSWORD);
  await expectSignedIn(page);
  await expect(page).toHaveURL(/\/$/);

  // The session is an HttpOnly cookie; nothing secret lands in localStorage.
  const stored = await page.evaluate(() => JSON.stringify(localStorage));
  expect(stored).not.toMatch(/csrf|session|token/i);
  const session = (await page.context().cookies()).find((c) => c.name === "sampark_session");
  expect(session?.httpOnly).toBe(true);

  mkdirSync("e2e/.auth", { recursive: true });
  await page.context().storageState({ path: "e2e/.auth/admin.json" });
});
