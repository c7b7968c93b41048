/**
 * The service worker and the install prompt. An update never reloads the page by itself (the
 * user may be in the middle of a form): a waiting worker is offered, and the user reloads.
 */
import { registerSW } from "virtual:pwa-register";

interface InstallEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: "accepted" | "dismissed" }>;
}

export interface PwaState {
  updateReady: boolean;
  canInstall: boolean;
}

let state: PwaState = { updateReady: false, canInstall: false };
let installEvent: InstallEvent | null = null;
let update: ((reload?: boolean) => Promise<void>) | null = null;
const listeners = new Set<() => void>();

function set(patch: Partial<PwaState>) {
  state = { ...state, ...patch };
  for (const listener of listeners) listener();
}
export const getPwaState = () => state;
export function subscribePwa(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function startPwa(): void {
  update = registerSW({
    immediate: true,
    onNeedRefresh: () => set({ updateReady: true }),
  });
  window.addEventListener("beforeinstallprompt", (event) => {
    // Offered quietly in the sync menu rather than as the browser's own banner.
    event.preventDefault();
    installEvent = event as InstallEvent;
    set({ canInstall: true });
  });
  window.addEventListener("appinstalled", () => {
    installEvent = null;
    set({ canInstall: false });
  });
}

/** Switch to the waiting worker and reload — only ever on the user's request. */
export function applyUpdate(): void {
  void update?.(true);
}

export async function install(): Promise<void> {
  if (!installEvent) return;
  await installEvent.prompt();
  await installEvent.userChoice.catch(() => undefined);
  installEvent = null;
  set({ canInstall: false });
}
