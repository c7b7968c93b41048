import { type Conflict, ConflictDialog } from "../../../../ui/record/ConflictDialog";

/** How a tab's conflict dialog names its fields and shows their values. */
export interface ConflictView<T> {
  label: (field: string) => string;
  view: (conflict: Conflict<T> | null) => Conflict<T> | null;
}

/** The part of `useVersionedSave`'s answer a conflict dialog needs. */
export interface ConflictSaver<T> {
  conflict: Conflict<T> | null;
  reapply: () => Promise<void>;
  discard: () => void;
  busy: boolean;
}

/** The conflict dialog of a versioned save: re-apply the change, or keep theirs. */
export function SaverConflictDialog<T extends object>(props: {
  saver: ConflictSaver<T>;
  conflictView: ConflictView<T>;
}) {
  const { saver, conflictView } = props;
  return (
    <ConflictDialog<T>
      conflict={conflictView.view(saver.conflict)}
      label={conflictView.label}
      onReapply={() => void saver.reapply()}
      onDiscard={saver.discard}
      busy={saver.busy}
    />
  );
}
