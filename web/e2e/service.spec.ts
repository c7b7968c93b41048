import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { api, shots, unique } from "./helpers";

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

/** A raw RFC 5322 message posted to the inbound webhook with the mailbox's token. */
async function deliver(request: APIRequestContext, token: string, lines: string[]) {
  const response = await request.post("/api/v1/inbound/email", {
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "message/rfc822" },
    data: Buffer.from(`${lines.join("\r\n")}\r\n`),
  });
  expect(response.ok(), await response.text()).toBe(true);
  return response.json();
}

test("an e-mail becomes a ticket, the agent answers with a canned reply, solves it, and the rating shows", async ({
  page,
  request,
  browser,
}) => {
  test.setTimeout(120_000);
  await page.goto("/");
  const tag = unique("").trim();
  const customer = `rahim.${tag}@example.com`;
  const subject = `Parcel not delivered ${tag}`;

  // A support mailbox (its webhook token is shown once) and a canned reply with placeholders.
  const mailbox = await api.post(page, "/api/v1/mailboxes", {
    name: `Support ${tag}`,
    address: `support.${tag}@shop.example`,
  });
  await api.post(page, "/api/v1/canned-replies", {
    name: `Courier delay ${tag}`,
    language: "en",
    body: "Dear {{person.first_name}}, your parcel is on its way. — {{agent.name}}",
  });

  // The customer writes in.
  const messageId = `<first.${tag}@mail.example>`;
  const created = await deliver(request, mailbox.token, [
    `From: Rahim Uddin <${customer}>`,
    `To: support.${tag}@shop.example`,
    `Subject: ${subject}`,
    `Message-ID: ${messageId}`,
    "Date: Sun, 06 Dec 2026 10:00:00 +0600",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "I ordered on Monday and nothing has arrived.",
  ]);
  expect(created.outcome).toBe("created");

  // It is in the workspace with a running SLA countdown.
  await page.goto("/service?view=all");
  await expect(page.getByRole("heading", { level: 1, name: "Service" })).toBeVisible();
  await page.getByRole("searchbox", { name: /Search subject/ }).fill(tag);
  await expect(page).toHaveURL(new RegExp(`q=${tag}`));
  const row = page.getByTestId("record-list").getByRole("row").filter({ hasText: subject });
  await expect(row).toBeVisible();
  await expect(row.locator("[data-sla]")).toHaveAttribute("data-sla", /ok|at_risk/);
  await expect(row.locator("[data-sla]")).toContainText("to first response");
  await page.waitForLoadState("networkidle");
  expect(await serious(page)).toEqual([]);
  await shots(page, "60-service-workspace");

  // The agent opens it and sees who is asking.
  await row.getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  await expect(page.getByTestId("requester-card")).toContainText("Rahim Uddin");
  await expect(page.getByTestId("requester-card")).toContainText(customer);
  await expect(page.getByTestId("ticket-message").first()).toContainText("nothing has arrived");

  // A canned reply, filled in by the server, sent from the browser.
  await page.getByRole("combobox", { name: "Insert a canned reply" }).click();
  await page.getByRole("option", { name: new RegExp(`Courier delay ${tag}`) }).click();
  const reply = page.getByRole("textbox", { name: /Reply to/ });
  await expect(reply).toHaveValue(/Dear Rahim, your parcel is on its way\. — Esha Test/);
  await page.getByRole("button", { name: "Send reply" }).click();
  const sent = page.locator('[data-testid="ticket-message"][data-kind="reply"]').nth(1);
  await expect(sent).toContainText("your parcel is on its way");
  await expect(page.getByTestId("sla-clocks")).toContainText("met");

  // The customer answers the e-mailed reply (threaded by In-Reply-To).
  const ticketId = created.ticket_id as string;
  const messages = await api.get(page, `/api/v1/tickets/${ticketId}/messages`);
  const ours = messages.find((m: { direction: string }) => m.direction === "out");
  expect(ours.email_message_id).toBeTruthy();
  const answer = await deliver(request, mailbox.token, [
    `From: Rahim Uddin <${customer}>`,
    `To: support.${tag}@shop.example`,
    `Subject: Re: ${subject}`,
    `Message-ID: <second.${tag}@mail.example>`,
    `In-Reply-To: ${ours.email_message_id}`,
    `References: ${messageId} ${ours.email_message_id}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Got it today, thank you!",
  ]);
  expect(answer.outcome).toBe("appended");
  await page.reload();
  await expect(page.getByTestId("conversation")).toContainText("Got it today, thank you!");
  await page.waitForLoadState("networkidle");
  expect(await serious(page)).toEqual([]);
  await shots(page, "61-service-ticket");

  // Solved: the requester is asked for a rating.
  await page.getByRole("combobox", { name: "Status", exact: true }).click();
  await page.getByRole("option", { name: "Solved" }).click();
  await expect(page.getByRole("combobox", { name: "Status", exact: true })).toHaveValue("Solved");

  let link = "";
  await expect(async () => {
    const jobs = await api.get(page, "/api/v1/jobs?kind=email.send&limit=200");
    const ask = jobs.items.find(
      (j: { payload: { subject: string } }) =>
        j.payload.subject === `How did we do? [#${created.ticket_number}]`,
    );
    link = ask?.payload.text.match(/\/csat\/(\S+)\?score=5/)?.[0] ?? "";
    expect(link).not.toBe("");
  }).toPass();

  // The customer opens the link (no sign-in) and rates.
  const customerPage = await browser.newPage();
  await customerPage.goto(new URL(link, page.url()).toString());
  await expect(customerPage.getByRole("heading", { name: "How did we do?" })).toBeVisible();
  await customerPage.getByRole("textbox", { name: /Anything to add/ }).fill("Quick and kind");
  await customerPage.getByRole("button", { name: "Very happy" }).click();
  await expect(customerPage.getByRole("heading", { name: "Thank you" })).toBeVisible();
  await customerPage.close();

  // The dashboard shows it.
  await page.goto("/service/dashboard");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page.getByText("Quick and kind")).toBeVisible();
  await expect(page.getByTestId("csat-overall")).toContainText(/Average \d/);
  await page.waitForLoadState("networkidle");
  expect(await serious(page)).toEqual([]);
  await shots(page, "62-service-dashboard");
});

test("the service desk's settings: queues, SLA policies, canned replies, mailboxes", async ({
  page,
}) => {
  const tag = unique("").trim();
  await page.goto("/settings/canned");
  await page.getByRole("button", { name: "New canned reply" }).click();
  const dialog = page.getByRole("dialog", { name: "New canned reply" });
  await dialog.getByRole("textbox", { name: "Name" }).fill(`Thanks ${tag}`);
  await dialog.getByRole("textbox", { name: "Text" }).fill("ধন্যবাদ {{person.first_name}}");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: `Thanks ${tag}` })).toBeVisible();

  await page.goto("/settings/mailboxes");
  await page.getByRole("button", { name: "New mailbox" }).click();
  const box = page.getByRole("dialog", { name: "New mailbox" });
  await box.getByRole("textbox", { name: "Name", exact: true }).fill(`Billing ${tag}`);
  await box.getByRole("textbox", { name: "Address" }).fill(`billing.${tag}@shop.example`);
  await box.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("mailbox-token")).toContainText("mbx_");

  for (const tab of ["queues", "sla", "canned", "mailboxes"]) {
    await page.goto(`/settings/${tab}`);
    await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(await serious(page), tab).toEqual([]);
  }
  await page.goto("/settings/queues");
  await page.getByRole("button", { name: "Customer service" }).click();
  await expect(page.getByRole("dialog", { name: "Edit queue" })).toBeVisible();
  await shots(page, "63-service-settings-queue");
});
