import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { api, shots, unique } from "./helpers";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver on 127.0.0.1 that answers 200 and keeps what it was sent. */
async function receiver(): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, got, server };
}

/** Standard Webhooks: base64 HMAC-SHA256 of "id.timestamp.body" keyed by the decoded secret. */
function signatureOk(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signed = `${r.headers["webhook-id"]}.${r.headers["webhook-timestamp"]}.${r.body}`;
  const expected = createHmac("sha256", key).update(signed).digest("base64");
  return String(r.headers["webhook-signature"] ?? "")
    .split(" ")
    .some((s) => s === `v1,${expected}`);
}

test("webhooks: subscribe in Settings, get a signed delivery, send a test, see the log", async ({
  page,
}) => {
  const hook = await receiver();
  try {
    await page.goto("/settings/webhooks");
    await expect(page.getByRole("tab", { name: "Webhooks", selected: true })).toBeVisible();

    await page.getByRole("textbox", { name: "Endpoint URL" }).fill(hook.url);
    await page.getByRole("textbox", { name: "Description" }).fill(unique("E2E receiver"));
    await page.getByRole("combobox", { name: "Events" }).click();
    await page.getByRole("option", { name: "person.created" }).click();
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Create webhook" }).click();

    const dialog = page.getByRole("dialog", { name: "Signing secret" });
    const secret = (await dialog.getByTestId("new-webhook-secret").textContent())?.trim() ?? "";
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    await shots(page, "40-settings-webhook-secret");
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();

    // A new person reaches the receiver through the worker, signed with that secret.
    const person = await api.post(page, "/api/v1/people", { given_name: unique("Webhook") });
    await expect.poll(() => hook.got.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const first = hook.got[0] as Received;
    expect(signatureOk(secret, first)).toBe(true);
    const payload = JSON.parse(first.body);
    expect(payload.type).toBe("person.created");
    expect(payload.data.record.id).toBe(person.id);

    // A test event, and the log shows both as delivered with a 200.
    const row = page.getByTestId("webhook-row").filter({ hasText: hook.url });
    await row.getByRole("button", { name: `Send a test event to ${hook.url}` }).click();
    await expect.poll(() => hook.got.length, { timeout: 30_000 }).toBeGreaterThan(1);
    expect(JSON.parse((hook.got[1] as Received).body).type).toBe("webhook.test");
    const table = row.getByRole("table", { name: `Deliveries to ${hook.url}` });
    await expect(table.getByTestId("delivery-row")).toHaveCount(2);
    await expect(table.getByTestId("delivery-row").filter({ hasText: "Delivered" })).toHaveCount(
      2,
      {
        timeout: 30_000,
      },
    );
    await shots(page, "41-settings-webhook-deliveries");
    const axe = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
      .analyze();
    expect(
      axe.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`),
    ).toEqual([]);

    // Replay the person.created delivery: the same webhook-id arrives again.
    await table
      .getByTestId("delivery-row")
      .filter({ hasText: "person.created" })
      .getByRole("button", { name: "Replay person.created" })
      .click();
    await expect.poll(() => hook.got.length, { timeout: 30_000 }).toBeGreaterThan(2);
    expect((hook.got[2] as Received).headers["webhook-id"]).toBe(first.headers["webhook-id"]);

    // Its details list both attempts: the event, then the replay.
    await table
      .getByTestId("delivery-row")
      .filter({ hasText: "person.created" })
      .getByRole("button", { name: "Details of person.created" })
      .click();
    const details = page.getByRole("dialog", { name: "Delivery" });
    await expect(details.getByTestId("attempt")).toHaveCount(2);
    await expect(details.getByTestId("attempt").nth(1)).toContainText("Replay");
    await shots(page, "42-settings-webhook-delivery-details");
  } finally {
    hook.server.close();
  }
});
