import { Switch } from "@mantine/core";
import { useNotify } from "../../../../ui/errors";
import { useVersionedUpdate, type VersionedUpdate } from "../../hooks/useVersionedSave";
import { type ConflictView, SaverConflictDialog } from "./SaverConflictDialog";

interface Switchable {
  id: string;
  version: number;
  is_active: boolean;
}

/**
 * A settings row's on/off switch: saved at once with the version read, with the same 412
 * handling (the conflict dialog) as the row's edit form.
 */
export function ActiveSwitch<T extends Switchable>(props: {
  record: T;
  update: VersionedUpdate<T, { is_active: boolean }>;
  label: string;
  /** The switch's accessible name, e.g. "Active: Website". */
  ariaLabel: string;
  /** The notice once saved, e.g. "Website is switched off." */
  savedMessage: (saved: T) => string;
  conflictView: ConflictView<T>;
}) {
  const notify = useNotify();
  const toggler = useVersionedUpdate(props.record, props.update, {
    onSaved: (saved) => notify.success(props.savedMessage(saved)),
  });
  return (
    <>
      <Switch
        label={props.label}
        aria-label={props.ariaLabel}
        checked={props.record.is_active}
        disabled={toggler.busy}
        onChange={(e) => void toggler.saveChanges({ is_active: e.currentTarget.checked })}
      />
      <SaverConflictDialog saver={toggler} conflictView={props.conflictView} />
    </>
  );
}
