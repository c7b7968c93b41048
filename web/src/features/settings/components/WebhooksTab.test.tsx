import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { makeSession } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import type { Webhook, WebhookDelivery } from "../hooks/useWebhooks";
import { WebhooksTab } from "./WebhooksTab";

const now = "2026-12-06T08:00:00Z";
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwc2VjcmV0IQ==";
const EVENT_TYPES = [
  { name: "person.created", description: "A person was added", reserved: false },
  { name: "deal.stage_changed", description: "A deal moved", reserved: false },
  { name: "ticket.created", description: "Reserved", reserved: true },
];

function makeWebhook(over: Partial<Webhook> = {}): Webhook {
  return {
    id: "00000000-0000-7000-8000-0000000000b1",
    url: "https://example.com/hooks",
    description: "Order system",
    event_types: ["person.created"],
    is_active: true,
    owner_id: null,
    failing_since: null,
    disabled_at: null,
    disabled_reason: null,
    last_success_at: null,
    created_at: now,
    updated_at: now,
    version: 1,
    ...over,
  };
}

function makeDelivery(over: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    id: "00000000-0000-7000-8000-0000000000d1",
    subscription_id: "00000000-0000-7000-8000-0000000000b1",
    event_type: "person.created",
    event_seq: 12,
    object_type: "people",
    object_id: "00000000-0000-7000-8000-0000000000e1",
    status: "failed",
    attempts: 8,
    last_status_code: 500,
    last_error: "The endpoint answered 500.",
    next_attempt_at: null,
    created_at: now,
    updated_at: now,
    delivered_at: null,
    ...over,
  };
}

function attempt(
  number: number,
  trigger: string,
  status: number | null,
  error: string,
  body: string | null,
) {
  return {
    id: `a${number}`,
    number,
    trigger,
    started_at: now,
    url: "https://example.com/hooks",
    request_headers: {},
    request_body: "{}",
    response_status: status,
    response_body: body,
    duration_ms: 12,
    error,
    succeeded: false,
  };
}

describe("WebhooksTab", () => {
  it("creates a webhook for chosen events and shows its secret once", async () => {
    let stored: Webhook[] = [];
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/webhooks/event-types": () => json(EVENT_TYPES),
      "GET /api/v1/webhooks": () => json(stored),
      "POST /api/v1/webhooks": (call) => {
        const webhook = makeWebhook({ ...(call.body as Partial<Webhook>) });
        stored = [webhook];
        return json({ ...webhook, secret: SECRET }, 201);
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<WebhooksTab />);
    expect(await screen.findByText("No webhooks yet.")).toBeInTheDocument();

    await user.type(
      screen.getByRole("textbox", { name: "Endpoint URL" }),
      "https://example.com/hooks",
    );
    await user.click(screen.getByRole("button", { name: "Create webhook" }));
    expect(await screen.findByText("Choose at least one event.")).toBeVisible();
    expect(calls.some((c) => c.method === "POST")).toBe(false);

    await user.click(screen.getByRole("combobox", { name: "Events" }));
    await user.click(await screen.findByRole("option", { name: "person.created" }));
    await user.click(screen.getByRole("button", { name: "Create webhook" }));

    const dialog = await screen.findByRole("dialog", { name: "Signing secret" });
    expect(within(dialog).getByTestId("new-webhook-secret")).toHaveTextContent(SECRET);
    expect(within(dialog).getByRole("button", { name: "Copy secret" })).toBeInTheDocument();
    const post = calls.find((c) => c.method === "POST");
    expect(post?.body).toEqual({
      url: "https://example.com/hooks",
      description: "",
      event_types: ["person.created"],
      is_active: true,
    });
    expect(post?.headers.get("idempotency-key")).toBeTruthy();

    await user.click(within(dialog).getByRole("button", { name: "Done" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(await screen.findByTestId("webhook-row")).toHaveTextContent("https://example.com/hooks");
    expect(document.body).not.toHaveTextContent(SECRET);
  });

  it("puts the API's complaint about the address on the URL field", async () => {
    mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/webhooks/event-types": () => json(EVENT_TYPES),
      "GET /api/v1/webhooks": () => json([]),
      "POST /api/v1/webhooks": () =>
        json(
          {
            status: 422,
            code: "validation_failed",
            errors: [{ field: "url", code: "address_not_allowed", message: "10.0.0.7 is private" }],
          },
          422,
        ),
    });
    const user = userEvent.setup();
    renderWithProviders(<WebhooksTab />);
    await user.type(
      await screen.findByRole("textbox", { name: "Endpoint URL" }),
      "http://10.0.0.7/",
    );
    await user.click(screen.getByRole("combobox", { name: "Events" }));
    await user.click(await screen.findByRole("option", { name: "All events" }));
    await user.click(screen.getByRole("button", { name: "Create webhook" }));
    const url = screen.getByRole("textbox", { name: "Endpoint URL" });
    await waitFor(() => expect(url).toHaveAttribute("aria-invalid", "true"));
  });

  it("shows a switched-off webhook's reason, its deliveries, and replays one", async () => {
    const webhook = makeWebhook({
      is_active: false,
      disabled_reason: "Every delivery attempt since 2026-12-05 07:00 UTC failed.",
    });
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/webhooks/event-types": () => json(EVENT_TYPES),
      "GET /api/v1/webhooks": () => json([webhook]),
      "GET /api/v1/webhooks/{id}/deliveries": () => json({ items: [makeDelivery()], limit: 20 }),
      "GET /api/v1/webhook-deliveries/{id}": () =>
        json({
          ...makeDelivery(),
          payload: { type: "person.created", data: { record: { given_name: "Meera" } } },
          attempt_log: [
            attempt(1, "event", 500, "The endpoint answered 500.", "boom"),
            attempt(2, "retry", null, "Timed out after 10 s.", null),
          ],
        }),
      "POST /api/v1/webhook-deliveries/{id}/replay": () =>
        json(makeDelivery({ status: "pending" }), 202),
      "POST /api/v1/webhooks/{id}/test": () =>
        json(makeDelivery({ id: "t1", event_type: "webhook.test", status: "pending" }), 202),
    });
    const user = userEvent.setup();
    renderWithProviders(<WebhooksTab />);
    const row = await screen.findByTestId("webhook-row");
    expect(row).toHaveTextContent("Switched off automatically");
    expect(row).toHaveTextContent("Every delivery attempt since");
    expect(
      within(row).getByRole("switch", { name: "Active: https://example.com/hooks" }),
    ).not.toBeChecked();

    await user.click(
      within(row).getByRole("button", { name: "Deliveries to https://example.com/hooks" }),
    );
    const table = await within(row).findByRole("table", {
      name: "Deliveries to https://example.com/hooks",
    });
    const line = await within(table).findByTestId("delivery-row");
    expect(line).toHaveTextContent("person.created");
    expect(line).toHaveTextContent("Failed");
    expect(line).toHaveTextContent("500");

    await user.click(within(line).getByRole("button", { name: "Replay person.created" }));
    await waitFor(() =>
      expect(
        calls.filter(
          (c) =>
            c.method === "POST" &&
            c.path.endsWith("/webhook-deliveries/00000000-0000-7000-8000-0000000000d1/replay"),
        ),
      ).toHaveLength(1),
    );

    await user.click(within(line).getByRole("button", { name: "Details of person.created" }));
    const details = await screen.findByRole("dialog", { name: "Delivery" });
    const attempts = await within(details).findAllByTestId("attempt");
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toHaveTextContent("Attempt 1");
    expect(attempts[0]).toHaveTextContent("The endpoint answered 500.");
    expect(attempts[0]).toHaveTextContent("boom");
    expect(attempts[1]).toHaveTextContent("No answer");
    expect(attempts[1]).toHaveTextContent("Retry");
    expect(details).toHaveTextContent('"given_name": "Meera"');
    await user.click(within(details).getByRole("button", { name: "Close" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());

    await user.click(
      within(row).getByRole("button", { name: "Send a test event to https://example.com/hooks" }),
    );
    await waitFor(() =>
      expect(calls.filter((c) => c.method === "POST" && c.path.endsWith("/test"))).toHaveLength(1),
    );
  });

  it("saves only what changed with If-Match, and switches a webhook off", async () => {
    let webhook = makeWebhook({ version: 4 });
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/webhooks/event-types": () => json(EVENT_TYPES),
      "GET /api/v1/webhooks": () => json([webhook]),
      "PATCH /api/v1/webhooks/{id}": (call) => {
        webhook = { ...webhook, ...(call.body as object), version: webhook.version + 1 };
        return json(webhook);
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<WebhooksTab />);
    await user.click(
      await screen.findByRole("button", { name: "Edit webhook https://example.com/hooks" }),
    );
    const dialog = await screen.findByRole("dialog", { name: "Edit webhook" });
    const description = within(dialog).getByRole("textbox", { name: "Description" });
    await user.clear(description);
    await user.type(description, "  Billing ");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Webhook saved")).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole("dialog", { name: "Edit webhook" })).not.toBeInTheDocument(),
    );
    const [edit] = calls.filter((c) => c.method === "PATCH");
    expect(edit?.headers.get("If-Match")).toBe("4");
    expect(edit?.body).toEqual({ description: "Billing" });

    const active = await screen.findByRole("switch", { name: "Active: https://example.com/hooks" });
    await waitFor(() => expect(screen.getByTestId("webhook-row")).toHaveTextContent("Billing"));
    await user.click(active);
    expect(
      await screen.findByText("Webhook switched off: no events are sent to it"),
    ).toBeInTheDocument();
    const toggle = calls.filter((c) => c.method === "PATCH")[1];
    expect(toggle?.headers.get("If-Match")).toBe("5");
    expect(toggle?.body).toEqual({ is_active: false });
  });
});
