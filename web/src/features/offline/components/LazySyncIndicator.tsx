import { lazy, Suspense } from "react";

// The indicator, its menu and the sync runtime are chunks of their own: the first route
// does not wait for them.
const SyncIndicator = lazy(async () => ({
  default: (await import("./SyncIndicator")).SyncIndicator,
}));

export function LazySyncIndicator() {
  return (
    <Suspense fallback={null}>
      <SyncIndicator />
    </Suspense>
  );
}
