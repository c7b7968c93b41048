import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { isConflict } from "../../api/errors";
import { fieldMessages, useNotify } from "../errors";
import type { Conflict } from "./ConflictDialog";

export interface SaveVariables<C> {
  version: number;
  changes: C;
}

/**
 * In-place editing of one record: saves with the version read (If-Match), shows the API's
 * per-field messages next to the field, and turns a 412 into a conflict the user resolves.
 */
export function useEditableRecord<T extends { version: number }, C extends object>(
  record: T | undefined,
  save: (variables: SaveVariables<C>) => Promise<T>,
) {
  const { t } = useTranslation("common");
  const notify = useNotify();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState<Conflict<T> | null>(null);
  const [busy, setBusy] = useState(false);

  const saveChanges = useCallback(
    async (changes: C): Promise<boolean> => {
      if (!record) return false;
      const keys = Object.keys(changes);
      try {
        await save({ version: record.version, changes });
        setErrors((prev) =>
          Object.fromEntries(Object.entries(prev).filter(([k]) => !keys.includes(k))),
        );
        return true;
      } catch (error) {
        if (isConflict(error) && error.problem.current) {
          setConflict({
            base: record,
            current: error.problem.current as T,
            changes: changes as Partial<T>,
          });
          return true;
        }
        const messages = fieldMessages(t, error);
        if (Object.keys(messages).length) {
          // Errors on nested fields (emails.0.email) are shown on the field that was edited.
          const mapped: Record<string, string> = {};
          for (const [field, message] of Object.entries(messages)) {
            mapped[keys.includes(field) ? field : (keys[0] ?? field)] = message;
          }
          setErrors((prev) => ({ ...prev, ...mapped }));
        } else {
          notify.error(error);
        }
        return false;
      }
    },
    [record, save, t, notify],
  );

  const reapply = useCallback(async () => {
    if (!conflict) return;
    setBusy(true);
    try {
      await save({ version: conflict.current.version, changes: conflict.changes as unknown as C });
      setConflict(null);
    } catch (error) {
      if (isConflict(error) && error.problem.current) {
        setConflict({ ...conflict, base: conflict.current, current: error.problem.current as T });
      } else {
        setConflict(null);
        notify.error(error);
      }
    } finally {
      setBusy(false);
    }
  }, [conflict, save, notify]);

  return {
    errors,
    saveChanges,
    conflict,
    reapply,
    discard: useCallback(() => setConflict(null), []),
    busy,
  };
}
