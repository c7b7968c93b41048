// Background Sync (Chromium): when the network returns, wake an open Sampark tab to sync its
// outbox. The page owns the local store and the sync engine; with no tab open, the next start
// syncs instead.
self.addEventListener("sync", (event) => {
  if (event.tag !== "sampark-sync") return;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((clients) => {
      for (const client of clients) client.postMessage({ type: "sampark-sync" });
    }),
  );
});
