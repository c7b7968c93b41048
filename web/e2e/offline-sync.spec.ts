import { expect, type Page, test } from "@playwright/test";
import { api, shots, unique } from "./helpers";

test.use({ serviceWorkers: "allow" });

async function controlledByServiceWorker(page: Page) {
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
}

test("offline edits wait in the outbox, sync when back online, and conflicts can be resolved", async ({
  page,
  context,
}) => {
  test.setTimeout(150_000);
  const session = await api.get(page, "/api/v1/auth/session");
  const family = unique("Field").replace(" ", "");
  const person = await api.post(page, "/api/v1/people", {
    given_name: "Rupa",
    family_name: family,
    owner_id: session.user.id,
    phones: [{ number: "+8801711000000", label: "mobile", primary: true }],
  });

  const dueToday = new Date();
  const task = await api.post(page, "/api/v1/tasks", {
    title: unique("Visit Rupa"),
    due_at: dueToday.toISOString(),
    assignee_id: session.user.id,
    person_id: person.id,
  });

  // Sign-in state comes from the setup project; the first sync copies the scope to the device.
  await page.goto("/");
  await controlledByServiceWorker(page);
  const indicator = page.getByTestId("sync-indicator");
  await expect(indicator).toHaveAttribute("aria-label", /Sync: Synced/);

  // No signal: reload, open the person from the local store.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId("offline-banner")).toBeVisible();
  await expect(indicator).toContainText("Offline");
  // Today's tasks come from the local store.
  await expect(page.getByText(task.title)).toBeVisible();
  await page.goto(`/people?q=${family}`);
  await page.getByText(`Rupa ${family}`).first().click();
  await expect(page).toHaveURL(new RegExp(`/people/${person.id}`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Rupa ${family}`);
  await expect(page.getByRole("button", { name: "Edit Phone" })).toContainText("+8801711000000");

  // A changed phone and a note, both typed offline.
  await page.getByRole("button", { name: "Edit Phone" }).click();
  await page.getByRole("textbox", { name: "Phone" }).fill("+8801711999999");
  await page.getByRole("textbox", { name: "Phone" }).press("Enter");
  await expect(page.getByRole("button", { name: "Edit Phone" })).toContainText("+8801711999999");
  const log = page.getByRole("form", { name: "Log activity" });
  await log.getByText("Note", { exact: true }).click();
  await log.getByRole("textbox", { name: "Subject" }).fill("Visited the shop offline");
  await log.getByRole("button", { name: "Log it" }).click();
  await expect(page.getByText("Visited the shop offline").first()).toBeVisible();
  await expect(indicator).toContainText("2 pending");
  await expect(page.getByTestId("pending-badge")).toBeVisible();
  await shots(page, "09-sync-pending", async () => {
    await expect(indicator).toBeVisible();
  });

  // Back online: the outbox empties and the server has both.
  await context.setOffline(false);
  await expect(indicator).toHaveAttribute("aria-label", /Sync: Synced$/);
  await expect(page.getByTestId("pending-badge")).toBeHidden();
  const onServer = await api.get(page, `/api/v1/people/${person.id}`);
  expect(onServer.primary_phone).toBe("+8801711999999");
  const filter = encodeURIComponent(
    JSON.stringify({ field: "person_id", op: "eq", value: person.id }),
  );
  const notes = await api.get(page, `/api/v1/activities?filter=${filter}`);
  expect(notes.items.map((a: { subject: string }) => a.subject)).toContain(
    "Visited the shop offline",
  );

  // A conflict: the same field changed offline here and on the server meanwhile.
  await context.setOffline(true);
  await page.getByRole("button", { name: "Edit City" }).click();
  await page.getByRole("textbox", { name: "City" }).fill("Sylhet");
  await page.getByRole("textbox", { name: "City" }).press("Enter");
  await expect(indicator).toContainText("1 pending");
  await api.patch(page, `/api/v1/people/${person.id}`, { city: "Dhaka" }, onServer.version);
  await context.setOffline(false);
  await expect(indicator).toContainText("1 to review");
  await indicator.click();
  await shots(page, "09-sync-conflict-menu", async () => {
    await expect(page.getByRole("link", { name: "Review conflicts" })).toBeVisible();
  });
  await page.getByRole("link", { name: "Review conflicts" }).click();
  const conflict = page.getByTestId("sync-conflict").filter({ hasText: "Dhaka" });
  await expect(conflict.getByTestId("server-city")).toHaveText("Dhaka");
  await expect(conflict.getByTestId("device-city")).toHaveText("Sylhet");
  await shots(page, "09-sync-conflicts");
  await conflict.getByRole("button", { name: "Use the server's" }).click();
  await expect(conflict).toBeHidden();
  expect((await api.get(page, `/api/v1/people/${person.id}`)).city).toBe("Dhaka");
});
