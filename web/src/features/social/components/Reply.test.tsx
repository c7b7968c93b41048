import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { makeSession } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { makePost, makeReply, POST_ID } from "../testPost";
import { ReplyBox } from "./ReplyBox";
import { Thread } from "./Thread";

describe("replying to a social post", () => {
  it("sends the reply once (with an idempotency key) and empties the box", async () => {
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "POST /api/v1/social/posts/{id}/reply": () => json(makeReply({ status: "pending" }), 202),
    });
    const user = userEvent.setup();
    renderWithProviders(<ReplyBox post={makePost()} />);
    const box = screen.getByRole("textbox", { name: "Reply on Facebook" });
    expect(screen.getByRole("button", { name: "Send reply" })).toBeDisabled();
    await user.type(box, "We are sending a new one today");
    await user.click(screen.getByRole("button", { name: "Send reply" }));
    await waitFor(() => expect(box).toHaveValue(""));
    const posts = calls.filter((c) => c.method === "POST");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toEqual({ text: "We are sending a new one today" });
    expect(posts[0]?.headers.get("idempotency-key")).toBeTruthy();
  });

  it("says why there is no reply box for a post without a connector", () => {
    mockApi({ "GET /api/v1/auth/session": () => json(makeSession()) });
    renderWithProviders(<ReplyBox post={makePost({ connector_id: null })} />);
    expect(screen.queryByRole("textbox")).toBeNull();
    expect(screen.getByTestId("no-connector")).toHaveTextContent("did not come through");
  });

  it("shows a failed delivery with the platform's error, and sends it again", async () => {
    const failed = makeReply({
      status: "failed",
      attempts: 6,
      last_error: "HTTP 400: token expired",
    });
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/users": () => json([]),
      "GET /api/v1/social/posts/{id}/thread": () =>
        json({
          thread_id: null,
          platform: "facebook",
          external_id: null,
          is_private: false,
          person_id: null,
          entries: [
            { type: "post", at: "2026-12-06T10:00:00Z", post: makePost(), reply: null },
            { type: "reply", at: failed.created_at, post: null, reply: failed },
          ],
        }),
      "POST /api/v1/social/replies/{id}/retry": () => json({ ...failed, status: "pending" }),
    });
    const user = userEvent.setup();
    renderWithProviders(<Thread postId={POST_ID} canWrite />);
    const reply = await screen.findByTestId("social-reply");
    expect(reply.querySelector("[data-delivery]")).toHaveAttribute("data-delivery", "failed");
    expect(reply).toHaveTextContent("HTTP 400: token expired");
    await user.click(screen.getByRole("button", { name: "Send again" }));
    await waitFor(() =>
      expect(
        calls.some((c) => c.method === "POST" && c.path.endsWith(`/replies/${failed.id}/retry`)),
      ).toBe(true),
    );
  });
});
