import { useNotify } from "../../../../ui/errors";
import {
  useVersionedUpdate,
  type VersionedSaveOptions,
  type VersionedUpdate,
} from "../../hooks/useVersionedSave";

/**
 * The save of an edit form in a settings dialog: with the version read; once saved it says
 * `savedMessage` and closes the dialog (`onDone`). A 412 leaves it open under the conflict dialog.
 */
export function useEditDialogSave<T extends { id: string; version: number }, C extends object>(
  record: T,
  update: VersionedUpdate<T, C>,
  options: Omit<VersionedSaveOptions<T, C>, "onSaved"> & {
    savedMessage: string;
    onDone: () => void;
  },
) {
  const notify = useNotify();
  const { savedMessage, onDone, ...rest } = options;
  return useVersionedUpdate<T, C>(record, update, {
    ...rest,
    onSaved: () => {
      notify.success(savedMessage);
      onDone();
    },
  });
}
