/**
 * A tiny bus the rest of the app may import without pulling in Dexie: "the local store
 * changed" (a write was queued, a sync finished) and "sync now, please".
 */
type Listener = () => void;
const changed = new Set<Listener>();
const wanted = new Set<Listener>();

export function onLocalChange(listener: Listener): () => void {
  changed.add(listener);
  return () => changed.delete(listener);
}
export function emitLocalChange(): void {
  for (const listener of changed) listener();
}
export function onSyncWanted(listener: Listener): () => void {
  wanted.add(listener);
  return () => wanted.delete(listener);
}
export function requestSync(): void {
  for (const listener of wanted) listener();
}

const synced = new Set<Listener>();
/** A sync round finished (the outbox and the local records may have changed). */
export function onSynced(listener: Listener): () => void {
  synced.add(listener);
  return () => synced.delete(listener);
}
export function emitSynced(): void {
  for (const listener of synced) listener();
}
