import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { makeSession } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { SignInPage, safeNext } from "./SignInPage";

describe("SignInPage", () => {
  it("signs in and goes back to where the user was", async () => {
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json({ code: "not_authenticated" }, 401),
      "POST /api/v1/auth/login": () => json(makeSession()),
    });
    const { router } = renderWithProviders(<SignInPage />, {
      route: "/sign-in?next=%2Fpeople%3Fq%3Drahim",
      path: "/sign-in",
    });
    await userEvent.type(
      await screen.findByRole("textbox", { name: "E-mail" }),
      "nusrat@example.com",
    );
    await userEvent.type(screen.getByLabelText(/^Password/, { selector: "input" }), "secret-pass");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() =>
      expect(router.state.location.pathname + router.state.location.search).toBe("/people?q=rahim"),
    );
    const login = calls.find((c) => c.path === "/api/v1/auth/login");
    expect(login?.body).toEqual({ email: "nusrat@example.com", password: "secret-pass" });
  });

  it("says clearly when the password is wrong", async () => {
    mockApi({
      "GET /api/v1/auth/session": () => json({ code: "not_authenticated" }, 401),
      "POST /api/v1/auth/login": () =>
        json({ status: 401, code: "invalid_credentials", detail: "Wrong" }, 401),
    });
    renderWithProviders(<SignInPage />, { route: "/sign-in", path: "/sign-in" });
    await userEvent.type(
      await screen.findByRole("textbox", { name: "E-mail" }),
      "nusrat@example.com",
    );
    await userEvent.type(screen.getByLabelText(/^Password/, { selector: "input" }), "nope");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "That e-mail and password do not match.",
    );
  });

  it("is in Bengali when Bengali is chosen", async () => {
    mockApi({ "GET /api/v1/auth/session": () => json({}, 401) });
    renderWithProviders(<SignInPage />, { route: "/sign-in", path: "/sign-in", language: "bn" });
    expect(await screen.findByRole("button", { name: "সাইন ইন" })).toBeInTheDocument();
  });

  it("never follows `next` to another site", () => {
    expect(safeNext("/deals/1")).toBe("/deals/1");
    expect(safeNext("//evil.example")).toBe("/");
    expect(safeNext("/\\evil.example")).toBe("/");
    expect(safeNext("https://evil.example")).toBe("/");
    expect(safeNext(null)).toBe("/");
  });
});
