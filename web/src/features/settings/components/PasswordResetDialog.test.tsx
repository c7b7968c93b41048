import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import type { User } from "../../../api/types";
import { makeUser } from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { PasswordResetDialog } from "./PasswordResetDialog";

const rahim = makeUser({ display_name: "Rahim Uddin", email: "rahim@example.com", role: "sales" });

function Harness() {
  const [user, setUser] = useState<User | null>(null);
  return (
    <>
      <button type="button" onClick={() => setUser(rahim)}>
        open
      </button>
      <PasswordResetDialog user={user} onClose={() => setUser(null)} />
    </>
  );
}

describe("PasswordResetDialog", () => {
  it("shows a generated password once, with a copy button, and forgets it on close", async () => {
    const { calls } = mockApi({
      "POST /api/v1/users/{id}/password": () => json({ password: "Xq7-generated-pw" }),
      "GET /api/v1/users": () => json([rahim]),
    });
    renderWithProviders(<Harness />);
    await userEvent.click(screen.getByRole("button", { name: "open" }));
    const dialog = await screen.findByRole("dialog", { name: "Reset password: Rahim Uddin" });
    expect(dialog).toHaveTextContent("signed out on every device");
    expect(screen.getByRole("radio", { name: "Generate one for me (shown once)" })).toBeChecked();
    await userEvent.click(screen.getByRole("button", { name: "Reset password" }));

    expect(await screen.findByTestId("new-password")).toHaveTextContent("Xq7-generated-pw");
    expect(screen.getByText(/this is the only time it is shown/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Copy password" })).toBeInTheDocument();
    const reset = calls.find((c) => c.method === "POST");
    expect(reset?.path).toBe(`/api/v1/users/${rahim.id}/password`);
    expect(reset?.body).toEqual({});

    await userEvent.click(screen.getByRole("button", { name: "Done" }));
    await waitFor(() => expect(screen.queryByTestId("new-password")).toBeNull());
    // Opened again: the form, not the old password.
    await userEvent.click(screen.getByRole("button", { name: "open" }));
    expect(await screen.findByRole("button", { name: "Reset password" })).toBeInTheDocument();
    expect(screen.queryByText("Xq7-generated-pw")).toBeNull();
  });

  it("sets a typed password, checked first here, then by the API", async () => {
    let answer = 0;
    const { calls } = mockApi({
      "POST /api/v1/users/{id}/password": () => {
        answer += 1;
        return answer === 1
          ? json(
              {
                status: 422,
                code: "validation_failed",
                errors: [
                  { field: "password", code: "string_too_long", message: "at most 200 characters" },
                ],
              },
              422,
            )
          : json({ password: null });
      },
      "GET /api/v1/users": () => json([rahim]),
    });
    renderWithProviders(<Harness />);
    await userEvent.click(screen.getByRole("button", { name: "open" }));
    await userEvent.click(await screen.findByRole("radio", { name: "Type one" }));
    const input = screen.getByLabelText(/^New password/, { selector: "input" });
    await userEvent.type(input, "short");
    await userEvent.click(screen.getByRole("button", { name: "Reset password" }));
    expect(await screen.findByText("Use at least 10 characters.")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);

    await userEvent.type(input, "-but-now-long-enough");
    await userEvent.click(screen.getByRole("button", { name: "Reset password" }));
    expect(await screen.findByText("at most 200 characters")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Reset password" }));
    expect(
      await screen.findByText("Password changed. Rahim Uddin has been signed out everywhere."),
    ).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "POST")[1]?.body).toEqual({
      password: "short-but-now-long-enough",
    });
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });
});
