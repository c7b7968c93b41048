import { describe, expect, it, vi } from "vitest";
import { json, mockApi } from "../test/fetchMock";
import { api, onUnauthorized, setCsrfToken, unwrap } from "./client";
import { ApiError, fieldErrors } from "./errors";

describe("api client", () => {
  it("sends the CSRF token on writes only", async () => {
    setCsrfToken("tok-1");
    const { calls } = mockApi({
      "GET /api/v1/me": () => json({}),
      "POST /api/v1/auth/logout": () => new Response(null, { status: 204 }),
    });
    await unwrap(api.GET("/api/v1/me"));
    await unwrap(api.POST("/api/v1/auth/logout"));
    expect(calls[0]?.headers.get("X-CSRF-Token")).toBeNull();
    expect(calls[1]?.headers.get("X-CSRF-Token")).toBe("tok-1");
  });

  it("reports a 401 from the API, but not from sign-in", async () => {
    const listener = vi.fn();
    const stop = onUnauthorized(listener);
    mockApi({
      "GET /api/v1/people": () => json({ code: "not_authenticated" }, 401),
      "POST /api/v1/auth/login": () => json({ code: "invalid_credentials" }, 401),
    });
    await expect(unwrap(api.GET("/api/v1/people"))).rejects.toBeInstanceOf(ApiError);
    await expect(
      unwrap(api.POST("/api/v1/auth/login", { body: { email: "a@b.c", password: "x" } })),
    ).rejects.toThrow();
    expect(listener).toHaveBeenCalledTimes(1);
    stop();
  });

  it("turns problem+json into an ApiError with per-field messages", async () => {
    mockApi({
      "POST /api/v1/people": () =>
        json(
          {
            status: 422,
            code: "validation_failed",
            detail: "emails.0.email: value is not a valid e-mail address",
            errors: [
              {
                field: "emails.0.email",
                code: "value_error",
                message: "not a valid e-mail address",
              },
            ],
          },
          422,
        ),
    });
    const error = await unwrap(
      api.POST("/api/v1/people", { body: { lifecycle_stage: "lead" } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("validation_failed");
    expect(fieldErrors(error)).toEqual({ emails: "not a valid e-mail address" });
  });
});
