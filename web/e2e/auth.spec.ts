import { expect, test } from "@playwright/test";
import { ADMIN_EMAIL, PASSWORD, signIn } from "./helpers";

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a deep link asks to sign in, then returns to where the user was", async ({ page }) => {
    await page.goto("/people?sort=display_name");
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await signIn(page, ADMIN_EMAIL, PASSWORD);
    await expect(page).toHaveURL(/\/people\?sort=display_name$/);
    await expect(page.getByRole("heading", { level: 1, name: "People" })).toBeVisible();

    // Sign out, and the app is closed again.
    await page.getByRole("button", { name: "Your account" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/tasks");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Ftasks/);
  });
});
