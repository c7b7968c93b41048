import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { makeSession } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import type { Source } from "../hooks/useSources";
import { SourcesTab } from "./SourcesTab";

const now = "2026-11-23T10:00:00Z";

function makeSource(over: Partial<Source> = {}): Source {
  return {
    id: "00000000-0000-7000-8000-0000000000a1",
    name: "Website",
    kind: "web",
    trust_priority: 40,
    is_active: true,
    write_key_prefix: "wk_Ab12Cd3",
    created_at: now,
    updated_at: now,
    version: 1,
    ...over,
  };
}

const KEY = "wk_Ab12Cd3Ef45Gh67Ij89Kl01Mn23Op45";

describe("SourcesTab", () => {
  it("shows a new source's write key once, with how to connect, then only its prefix", async () => {
    let stored: Source[] = [];
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/sources": () => json(stored),
      "POST /api/v1/sources": (call) => {
        const source = makeSource({ ...(call.body as Partial<Source>) });
        stored = [source];
        return json({ ...source, write_key: KEY }, 201);
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<SourcesTab />);
    expect(await screen.findByText(/No sources yet/)).toBeInTheDocument();

    await user.type(screen.getByRole("textbox", { name: "Name" }), "  Website ");
    await user.clear(screen.getByRole("textbox", { name: "Trust priority" }));
    await user.type(screen.getByRole("textbox", { name: "Trust priority" }), "40");
    await user.click(screen.getByRole("button", { name: "Create source" }));

    const dialog = await screen.findByRole("dialog", { name: "Write key for Website" });
    expect(within(dialog).getByTestId("new-write-key")).toHaveTextContent(KEY);
    expect(dialog).toHaveTextContent("this is the only time it is shown");
    expect(within(dialog).getByRole("button", { name: "Copy key" })).toBeInTheDocument();
    // A ready-to-paste first call, and the library's host: this server.
    expect(dialog).toHaveTextContent(`curl -u "${KEY}:" ${location.origin}/v1/identify`);
    expect(dialog).toHaveTextContent(`analytics.host = "${location.origin}"`);

    const post = calls.find((c) => c.method === "POST");
    expect(post?.body).toEqual({ name: "Website", kind: "web", trust_priority: 40 });
    expect(post?.headers.get("idempotency-key")).toBeTruthy();

    await user.click(within(dialog).getByRole("button", { name: "Done" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    // Gone for good: the list only knows the prefix.
    const row = await screen.findByTestId("source-row");
    expect(row).toHaveTextContent("wk_Ab12Cd3…");
    expect(document.body).not.toHaveTextContent(KEY);
  });

  it("rotates a key after asking, and shows the new one once", async () => {
    const source = makeSource();
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/sources": () => json([source]),
      "POST /api/v1/sources/{id}/rotate-key": () =>
        json({ ...source, write_key: "wk_NewNewNew", write_key_prefix: "wk_NewNewN" }),
    });
    const user = userEvent.setup();
    renderWithProviders(<SourcesTab />);
    await user.click(await screen.findByRole("button", { name: "Rotate key of Website" }));
    const confirm = await screen.findByRole("dialog", {
      name: "Rotate the write key of Website?",
    });
    expect(calls.some((c) => c.path.endsWith("/rotate-key"))).toBe(false);
    await user.click(within(confirm).getByRole("button", { name: "Rotate key" }));
    const dialog = await screen.findByRole("dialog", { name: "Write key for Website" });
    expect(within(dialog).getByTestId("new-write-key")).toHaveTextContent("wk_NewNewNew");
    expect(calls.filter((c) => c.path === `/api/v1/sources/${source.id}/rotate-key`)).toHaveLength(
      1,
    );
  });

  it("keeps a refused rotation in the dialog, and the old key in use", async () => {
    const source = makeSource();
    mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/sources": () => json([source]),
      "POST /api/v1/sources/{id}/rotate-key": () =>
        json({ detail: "Only admins can rotate write keys" }, 403),
    });
    const user = userEvent.setup();
    renderWithProviders(<SourcesTab />);
    await user.click(await screen.findByRole("button", { name: "Rotate key of Website" }));
    const confirm = await screen.findByRole("dialog", {
      name: "Rotate the write key of Website?",
    });
    await user.click(within(confirm).getByRole("button", { name: "Rotate key" }));
    expect(await within(confirm).findByRole("alert")).toHaveTextContent(
      "Your role does not allow this.",
    );
    expect(screen.queryByRole("dialog", { name: "Write key for Website" })).toBeNull();
    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(screen.getByTestId("source-row")).toHaveTextContent("wk_Ab12Cd3…");
  });

  it("shows a taken name on the name field, and saves with the version read", async () => {
    const source = makeSource({ version: 3 });
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/sources": () => json([source]),
      "PATCH /api/v1/sources/{id}": (call) =>
        (call.body as { name?: string }).name === "Shop"
          ? json(
              {
                status: 409,
                code: "name_taken",
                errors: [{ field: "name", code: "invalid", message: "taken" }],
              },
              409,
            )
          : json({ ...source, ...(call.body as object), version: 4 }),
    });
    const user = userEvent.setup();
    renderWithProviders(<SourcesTab />);
    await user.click(await screen.findByRole("button", { name: "Edit Website" }));
    const dialog = await screen.findByRole("dialog", { name: "Edit Website" });
    const name = within(dialog).getByRole("textbox", { name: "Name" });
    await user.clear(name);
    await user.type(name, "Shop");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await within(dialog).findByText("Another source already has this name.")).toBeVisible();

    const patch = calls.find((c) => c.method === "PATCH");
    expect(patch?.headers.get("If-Match")).toBe("3");
    // Only what changed is sent.
    expect(patch?.body).toEqual({ name: "Shop" });
  });

  it("turns a 412 on switching off into a conflict the admin resolves", async () => {
    const source = makeSource({ version: 1 });
    const current = makeSource({ version: 2, name: "Web shop" });
    let attempts = 0;
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/sources": () => json([attempts ? current : source]),
      "PATCH /api/v1/sources/{id}": () => {
        attempts += 1;
        return attempts === 1
          ? json({ status: 412, code: "version_mismatch", current }, 412)
          : json({ ...current, is_active: false, version: 3 });
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<SourcesTab />);
    await user.click(await screen.findByRole("switch", { name: "Active: Website" }));
    const dialog = await screen.findByRole("dialog", { name: "Someone else saved first" });
    expect(dialog).toHaveTextContent("Web shop");
    await user.click(within(dialog).getByRole("button", { name: "Re-apply my change" }));
    await waitFor(() => expect(calls.filter((c) => c.method === "PATCH")).toHaveLength(2));
    const [first, second] = calls.filter((c) => c.method === "PATCH");
    expect(first?.headers.get("If-Match")).toBe("1");
    expect(second?.headers.get("If-Match")).toBe("2");
    expect(second?.body).toEqual({ is_active: false });
  });
  it("keeps the edit open over a 412 and re-applies the change on the stored version", async () => {
    const source = makeSource({ version: 1 });
    const current = makeSource({ version: 2, kind: "app" });
    let attempts = 0;
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/sources": () => json([attempts ? current : source]),
      "PATCH /api/v1/sources/{id}": (call) => {
        attempts += 1;
        return attempts === 1
          ? json({ status: 412, code: "version_mismatch", current }, 412)
          : json({ ...current, ...(call.body as object), version: 3 });
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<SourcesTab />);
    await user.click(await screen.findByRole("button", { name: "Edit Website" }));
    const edit = await screen.findByRole("dialog", { name: "Edit Website" });
    const priority = within(edit).getByRole("textbox", { name: "Trust priority" });
    await user.clear(priority);
    await user.type(priority, "90");
    await user.click(within(edit).getByRole("button", { name: "Save" }));
    const conflict = await screen.findByRole("dialog", { name: "Someone else saved first" });
    // What they changed, in words: the kind went from Website to App.
    expect(conflict).toHaveTextContent("Kind");
    expect(conflict).toHaveTextContent("App");
    expect(screen.getByRole("dialog", { name: "Edit Website" })).toBeInTheDocument();
    await user.click(within(conflict).getByRole("button", { name: "Re-apply my change" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    const second = calls.filter((c) => c.method === "PATCH")[1];
    expect(second?.headers.get("If-Match")).toBe("2");
    expect(second?.body).toEqual({ trust_priority: 90 });
  });
});
