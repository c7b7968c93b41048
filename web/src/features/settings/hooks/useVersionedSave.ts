import type { TFunction } from "i18next";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { isConflict } from "../../../api/errors";
import { fieldMessages, useNotify } from "../../../ui/errors";
import type { Conflict } from "../../../ui/record/ConflictDialog";
import type { SaveVariables } from "../../../ui/record/useEditableRecord";

export interface VersionedSaveOptions<T, C> {
  /** After a save (or a re-applied save) went through. */
  onSaved?: (record: T) => void;
  /** After the user chose to keep the other person's version. */
  onDiscard?: (current: T) => void;
  /** Handle a failure that is not a 412 yourself; return true when you did. */
  onFailed?: (error: unknown, changes: C) => boolean;
  /** The per-field messages of a failure (default: the API's, by top-level field). */
  fieldErrors?: (t: TFunction, error: unknown) => Record<string, string>;
}

/**
 * A settings form's save: with the version the admin read (If-Match), the API's per-field
 * messages on the fields, and a 412 turned into a conflict the admin resolves (ConflictDialog),
 * like record pages do; unlike `useEditableRecord` it says when a save is really done, so a
 * dialog can stay open while a conflict is on screen.
 */
export function useVersionedSave<T extends { version: number }, C extends object>(
  record: T | undefined,
  save: (variables: SaveVariables<C>) => Promise<T>,
  options: VersionedSaveOptions<T, C> = {},
) {
  const { t } = useTranslation("common");
  const notify = useNotify();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState<Conflict<T> | null>(null);
  const [busy, setBusy] = useState(false);
  const { onSaved, onDiscard, onFailed, fieldErrors = fieldMessages } = options;

  const fail = useCallback(
    (error: unknown, changes: C) => {
      if (onFailed?.(error, changes)) return;
      const messages = fieldErrors(t, error);
      if (Object.keys(messages).length === 0) {
        notify.error(error);
        return;
      }
      const keys = Object.keys(changes);
      const mapped: Record<string, string> = {};
      for (const [field, message] of Object.entries(messages)) {
        mapped[keys.includes(field) || keys.length === 0 ? field : (keys[0] ?? field)] = message;
      }
      setErrors(mapped);
    },
    [onFailed, fieldErrors, t, notify],
  );

  const run = useCallback(
    async (changes: C, base: T): Promise<boolean> => {
      setBusy(true);
      setErrors({});
      try {
        const saved = await save({ version: base.version, changes });
        setConflict(null);
        onSaved?.(saved);
        return true;
      } catch (error) {
        if (isConflict(error) && error.problem.current) {
          setConflict({
            base,
            current: error.problem.current as T,
            changes: changes as Partial<T>,
          });
        } else {
          setConflict(null);
          fail(error, changes);
        }
        return false;
      } finally {
        setBusy(false);
      }
    },
    [save, onSaved, fail],
  );

  /** True once saved; false while a conflict or an error is shown. */
  const saveChanges = useCallback(
    (changes: C) => (record ? run(changes, record) : Promise.resolve(false)),
    [record, run],
  );

  const reapply = useCallback(async () => {
    if (!conflict) return;
    // The user's changes again, on top of the version that is stored now.
    await run(conflict.changes as unknown as C, conflict.current);
  }, [conflict, run]);

  const discard = useCallback(() => {
    if (conflict) onDiscard?.(conflict.current);
    setConflict(null);
  }, [conflict, onDiscard]);

  return { errors, setErrors, saveChanges, conflict, reapply, discard, busy };
}

/** What saves a record's changes with the version read: a settings `useUpdateX()` mutation. */
export interface VersionedUpdate<T, C> {
  mutateAsync: (variables: { id: string; version: number; changes: C }) => Promise<T>;
}

/** `useVersionedSave` for a record saved by id through a settings update mutation. */
export function useVersionedUpdate<T extends { id: string; version: number }, C extends object>(
  record: T,
  update: VersionedUpdate<T, C>,
  options: VersionedSaveOptions<T, C> = {},
) {
  return useVersionedSave<T, C>(
    record,
    ({ version, changes }) => update.mutateAsync({ id: record.id, version, changes }),
    options,
  );
}

/** Without its undefined members: what a conflict dialog lists as "your change". */
export function defined<T extends object>(x: T): Partial<T> {
  return Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined)) as Partial<T>;
}
