import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useMe } from "../../auth/hooks/useMe";
import type { SyncState } from "../runtime";

type Runtime = typeof import("../runtime");
export const loadRuntime = (): Promise<Runtime> => import("../runtime");

/** The sync runtime's state; mounting this starts the runtime (once, lazily loaded). */
export function useSyncState(): SyncState | null {
  const client = useQueryClient();
  const userId = useMe()?.id;
  const [state, setState] = useState<SyncState | null>(null);
  useEffect(() => {
    let off: (() => void) | undefined;
    let cancelled = false;
    void loadRuntime().then((rt) => {
      if (cancelled || !userId) return;
      rt.start(client, userId);
      setState(rt.getState());
      const unsubscribe = rt.subscribe(() => setState(rt.getState()));
      off = () => void unsubscribe();
    });
    return () => {
      cancelled = true;
      off?.();
    };
  }, [client, userId]);
  return state;
}
