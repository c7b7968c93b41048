import { expect, type Page, test } from "@playwright/test";
import { api, shots, unique } from "./helpers";

test.use({ serviceWorkers: "allow" });

// A fixed fake position in Sylhet; customers are placed at known distances east of it.
const HERE = { latitude: 24.9, longitude: 91.87 };
const EAST_PER_KM = 1 / (111.32 * Math.cos((HERE.latitude * Math.PI) / 180));
const east = (km: number) => ({
  latitude: HERE.latitude,
  longitude: HERE.longitude + km * EAST_PER_KM,
});

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

test("offline edits and visits wait in the outbox, near me works offline, all sync back, conflicts can be resolved", async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(150_000);
  // Nothing leaves the machine (map tiles get an empty answer); the phone is at HERE.
  const ours = new URL(baseURL ?? "http://127.0.0.1").host;
  await context.route(
    (url) => url.host !== ours,
    (route) => route.fulfill({ status: 204, body: "" }),
  );
  await context.grantPermissions(["geolocation"]);
  await context.setGeolocation(HERE);
  const session = await api.get(page, "/api/v1/auth/session");
  const family = unique("Field").replace(" ", "");
  const person = await api.post(page, "/api/v1/people", {
    given_name: "Rupa",
    family_name: family,
    owner_id: session.user.id,
    phones: [{ number: "+8801711000000", label: "mobile", primary: true }],
    ...east(0.3),
  });
  for (const [name, km] of [
    ["Far", 3],
    ["Mid", 1.5],
  ] as const) {
    await api.post(page, "/api/v1/people", {
      given_name: name,
      family_name: family,
      owner_id: session.user.id,
      ...east(km),
    });
  }

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

  // No signal: reload; everything below reads the local store.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId("offline-banner")).toBeVisible();
  await expect(indicator).toContainText("Offline");
  // Today's tasks come from the local store; ticking one done waits in the outbox.
  await expect(page.getByText(task.title)).toBeVisible();
  await page.getByRole("checkbox", { name: `Mark done: ${task.title}` }).click();
  await expect(indicator).toContainText("1 pending");
  // Near me: the customers on this device by distance from the fake position; open the nearest.
  await page.goto("/near-me");
  await page.getByRole("button", { name: "Use my position" }).click();
  await expect(page.getByTestId("nearby-local")).toBeVisible();
  const near = page.getByTestId("nearby-item").filter({ hasText: family });
  await expect(near).toHaveCount(3);
  await expect(near.nth(0)).toContainText(`Rupa ${family}`);
  await expect(near.nth(0)).toContainText("300 m");
  await expect(near.nth(1)).toContainText(`Mid ${family}`);
  await expect(near.nth(1)).toContainText("1.5 km");
  await expect(near.nth(2)).toContainText(`Far ${family}`);
  await expect(near.nth(2)).toContainText("3.0 km");
  await near.nth(0).getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/people/${person.id}`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Rupa ${family}`);
  await expect(page.getByRole("button", { name: "Edit Phone" })).toContainText("+8801711000000");

  // A changed phone, a visit checked in with the phone's position and a note, all offline.
  await page.getByRole("button", { name: "Edit Phone" }).click();
  await page.getByRole("textbox", { name: "Phone" }).fill("+8801711999999");
  await page.getByRole("textbox", { name: "Phone" }).press("Enter");
  await expect(page.getByRole("button", { name: "Edit Phone" })).toContainText("+8801711999999");
  const log = page.getByRole("form", { name: "Log activity" });
  await log.getByText("Note", { exact: true }).click();
  await log.getByRole("textbox", { name: "Subject" }).fill("Visited the shop offline");
  await log.getByRole("button", { name: "Log it" }).click();
  await expect(page.getByText("Visited the shop offline").first()).toBeVisible();
  await page.getByRole("button", { name: "Check in" }).click();
  await expect(page.getByTestId("checkin-result")).toContainText(
    "Visit logged on this device, 300 m from the customer",
  );
  await expect(page.getByTestId("activity-pending")).toHaveCount(2);
  await expect(indicator).toContainText("4 pending");
  await expect(page.getByTestId("pending-badge")).toBeVisible();
  await shots(page, "09-sync-pending", async () => {
    await expect(indicator).toBeVisible();
  });

  // Back online: the outbox empties and the server has everything.
  await context.setOffline(false);
  await expect(indicator).toHaveAttribute("aria-label", /Sync: Synced$/);
  await expect(page.getByTestId("pending-badge")).toBeHidden();
  const onServer = await api.get(page, `/api/v1/people/${person.id}`);
  expect(onServer.primary_phone).toBe("+8801711999999");
  expect((await api.get(page, `/api/v1/tasks/${task.id}`)).done).toBe(true);
  const filter = encodeURIComponent(
    JSON.stringify({ field: "person_id", op: "eq", value: person.id }),
  );
  const notes = await api.get(page, `/api/v1/activities?filter=${filter}`);
  expect(notes.items.map((a: { subject: string }) => a.subject)).toContain(
    "Visited the shop offline",
  );
  const visit = notes.items.find((a: { kind: string }) => a.kind === "visit");
  expect(visit?.checkin_latitude).toBeCloseTo(HERE.latitude, 5);
  expect(visit?.checkin_distance_m).toBeGreaterThan(250);
  expect(visit?.checkin_distance_m).toBeLessThan(350);
  expect(visit?.checkin_flagged).toBe(false);

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
