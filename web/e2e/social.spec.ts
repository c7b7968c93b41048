import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { api, SHOTS, settled, shots, unique } from "./helpers";

/** Serious and critical WCAG 2.1 A/AA violations on the page as it is now. */
async function serious(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 2)
          .join(" | ")}`,
    );
}

/** A stand-in for the Graph API: records each reply posted to it and answers with an id. */
async function platformServer() {
  const received: { path: string; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({ path: req.url ?? "", body });
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ id: `reply_${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => server.close() };
}

const APP_SECRET = "e2e-meta-app-secret";

test("social posts in three language forms are understood, routed and handled in the inbox; analytics draw them", async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const graph = await platformServer();
  try {
    await page.goto("/");
    const tag = unique("").trim();
    const pageId = `page${tag}`;

    // A Facebook Page connected, replying to our stand-in Graph API.
    const connector = await api.post(page, "/api/v1/social-connectors", {
      name: `Shop page ${tag}`,
      platform: "facebook",
      account_id: pageId,
      app_secret: APP_SECRET,
      verify_token: `verify-${tag}`,
      access_token: "EAAB-e2e-token",
      api_base_url: graph.url,
    });

    // A Bengali complaint arrives as a signed comment (processed by the worker's job).
    const complaint = "আপনাদের ডেলিভারি খুব খারাপ, পার্সেল ভাঙা এসেছে। টাকা ফেরত চাই!";
    const delivery = JSON.stringify({
      object: "page",
      entry: [
        {
          id: pageId,
          time: Math.floor(Date.now() / 1000),
          changes: [
            {
              field: "feed",
              value: {
                item: "comment",
                verb: "add",
                comment_id: `${pageId}_c1`,
                post_id: `${pageId}_55`,
                parent_id: `${pageId}_55`,
                message: `${complaint} ${tag}`,
                from: { id: `fan${tag}`, name: `Rahim ${tag}` },
                created_time: Math.floor(Date.now() / 1000),
              },
            },
          ],
        },
      ],
    });
    const platform = await playwright.request.newContext({ baseURL });
    const hook = await platform.post(`/api/v1/social-hooks/${connector.id}`, {
      headers: {
        "Content-Type": "application/json",
        "X-Hub-Signature-256": `sha256=${createHmac("sha256", APP_SECRET).update(delivery).digest("hex")}`,
      },
      data: Buffer.from(delivery),
    });
    expect(hook.ok(), await hook.text()).toBe(true);
    await platform.dispose();

    // Two more through the generic ingestion API: Hinglish purchase intent and English praise.
    await api.post(page, "/api/v1/social/posts", {
      items: [
        {
          platform: "instagram",
          external_id: `ig-${tag}`,
          text: `bhai yeh phone kitne ka hai? mujhe do piece kharidna hai, price batao ${tag}`,
          author: { handle: `amit${tag}`, name: "Amit", followers: 1200 },
          likes: 4,
        },
        {
          platform: "x",
          external_id: `x-${tag}`,
          text: `Love the new kurta collection, great quality #EidSale ${tag}`,
          author: { handle: `nila${tag}`, followers: 90 },
          likes: 12,
          shares: 3,
        },
      ],
    });

    // Wait until the worker has understood and routed the webhook's post.
    await expect(async () => {
      const list = await api.get(page, `/api/v1/social/posts?q=${tag}&intent=complaint`);
      expect(list.items.length).toBe(1);
      expect(list.items[0].ticket_id).toBeTruthy();
    }).toPass({ timeout: 60_000 });

    // The inbox, filtered to complaints from the menu.
    await page.goto(`/social?q=${tag}`);
    await expect(page.getByRole("heading", { level: 1, name: "Social inbox" })).toBeVisible();
    const rows = page.getByTestId("social-row");
    await expect(rows).toHaveCount(3);
    // Most urgent first: the complaint leads.
    await expect(rows.first()).toContainText(complaint.slice(0, 20));
    await page.getByRole("combobox", { name: "Intent" }).click();
    await page.getByRole("option", { name: "Complaint" }).click();
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(/intent=complaint/);
    await expect(rows).toHaveCount(1);
    await page.setViewportSize({ width: 375, height: 812 });
    await settled(page);
    await page.screenshot({ path: `${SHOTS}/69-social-list-phone.png` });
    await page.setViewportSize({ width: 1440, height: 900 });

    // The Bengali complaint: negative, why it is urgent, where it went and the ticket.
    await rows.first().click();
    const panel = page.getByTestId("social-post");
    await expect(panel.getByTestId("post-text")).toContainText(complaint);
    await expect(panel.getByTestId("post-text")).toHaveAttribute("lang", "bn");
    const understanding = panel.getByRole("region", { name: "Understanding" });
    await expect(understanding.locator("[data-sentiment=negative]")).toBeVisible();
    await expect(understanding.locator("[data-intent=complaint]")).toBeVisible();
    await expect(understanding.getByText("Bengali")).toBeVisible();
    await expect(understanding.getByTestId("routing-decisions")).toContainText(
      "Routed to Customer service",
    );
    await expect(panel.getByTestId("post-ticket")).toBeVisible();
    await expect(panel.getByTestId("author-card")).toContainText(`Rahim ${tag}`);

    // Reply through the connector: it reaches the platform and shows as sent.
    await panel
      .getByRole("textbox", { name: "Reply on Facebook" })
      .fill("দুঃখিত! আমরা আজই নতুন পার্সেল পাঠাচ্ছি।");
    await panel.getByRole("button", { name: "Send reply" }).click();
    const sent = panel.getByTestId("social-reply").last();
    await expect(sent).toContainText("আজই নতুন পার্সেল");
    await expect(sent.locator("[data-delivery]")).toHaveAttribute("data-delivery", "sent", {
      timeout: 45_000,
    });
    expect(graph.received.some((r) => r.path.includes(`${pageId}_c1/comments`))).toBe(true);

    // Assign to me, then done.
    await panel.getByRole("button", { name: "Assign to me" }).click();
    await expect(panel.getByText(/Assignee: Esha Test/)).toBeVisible();
    await panel.getByRole("button", { name: "Mark done" }).click();
    await expect(panel.getByRole("button", { name: "Reopen" })).toBeVisible();
    await expect(panel.getByText("Done", { exact: true })).toBeVisible();

    await page.waitForLoadState("networkidle");
    expect(await serious(page)).toEqual([]);
    await shots(page, "70-social-inbox", () => page.evaluate(() => window.scrollTo(0, 0)));

    // The Hinglish post is purchase intent.
    await page.goto(`/social?q=${tag}&intent=purchase_intent`);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("Hinglish");
    await expect(rows.first()).toContainText("Purchase intent");

    // Analytics: the charts are drawn from the posts.
    await page.goto("/social/analytics?days=7");
    await expect(page.getByRole("heading", { level: 1, name: "Social analytics" })).toBeVisible();
    for (const name of ["Mention volume", "Sentiment by day", "Language mix", "Intent mix"]) {
      await expect(page.getByRole("figure", { name })).toBeVisible();
    }
    await expect(
      page.getByRole("figure", { name: "Mention volume" }).locator("svg").first(),
    ).toBeVisible();
    await expect(page.getByRole("figure", { name: "Language mix" })).toContainText("Bengali");
    await expect(page.getByRole("figure", { name: "Language mix" })).toContainText("Hinglish");
    await page.waitForLoadState("networkidle");
    expect(await serious(page)).toEqual([]);
    await shots(page, "71-social-analytics");

    // Settings: the routing rules are listed and editable.
    await page.goto("/settings/social?section=rules");
    await expect(page.getByTestId("social-rules")).toContainText("Customer service");
    await page.waitForLoadState("networkidle");
    expect(await serious(page)).toEqual([]);
    await shots(page, "72-social-rules");
  } finally {
    graph.close();
  }
});
