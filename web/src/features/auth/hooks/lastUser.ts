import type { User } from "../../../api/types";

/**
 * Who was signed in on this device (name and role only — never a token), so the app shell can
 * still greet them when it opens offline.
 */
const KEY = "sampark.lastUser";

export type LastUser = Pick<User, "id" | "display_name" | "email" | "role" | "locale">;

export function rememberUser(user: User): void {
  const { id, display_name, email, role, locale } = user;
  try {
    localStorage.setItem(KEY, JSON.stringify({ id, display_name, email, role, locale }));
  } catch {
    // ignore
  }
}

export function lastUser(): LastUser | null {
  try {
    const text = localStorage.getItem(KEY);
    return text ? (JSON.parse(text) as LastUser) : null;
  } catch {
    return null;
  }
}

export function forgetUser(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // ignore
  }
}
