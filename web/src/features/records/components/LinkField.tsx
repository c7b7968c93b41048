import type { ComponentType } from "react";
import { EditableField } from "../../../ui/record/EditableField";
import type { KindPickerProps } from "./KindPicker";
import { OpenLink } from "./OpenLink";

/** How a field shows and picks a linked record of one kind (PERSON_LINK, COMPANY_LINK). */
export interface LinkKind<T extends { id: string }> {
  /** Where its page is: `/{path}/{id}`. */
  path: "people" | "companies";
  getLabel: (row: T) => string;
  Picker: ComponentType<KindPickerProps<T>>;
}

/**
 * A field linking this record to one of another kind: the linked record's name ("…" while it
 * loads), a link to its page beside it, and its picker as the editor (picking saves at once).
 */
export function LinkField<T extends { id: string }>(props: {
  of: LinkKind<T>;
  label: string;
  /** The linked record's id on this record, or null. */
  value: string | null;
  /** The linked record, once loaded. */
  linked: T | undefined;
  error?: string;
  onSave: (id: string | null) => Promise<boolean>;
  testId: string;
}) {
  const { of, linked } = props;
  const { Picker } = of;
  return (
    <EditableField
      label={props.label}
      display={props.value ? (linked ? of.getLabel(linked) : "…") : null}
      aside={linked && <OpenLink to={`/${of.path}/${linked.id}`} name={of.getLabel(linked)} />}
      value={props.value ?? ""}
      error={props.error}
      onSave={(v) => props.onSave((v as string) || null)}
      renderEditor={(editor) => (
        <Picker
          label={editor.label}
          error={editor.error}
          autoFocus
          onKeyDown={editor.onKeyDown}
          value={editor.value || null}
          onChange={(id) => editor.pick(id ?? "")}
          defaultDropdownOpened
        />
      )}
      testId={props.testId}
    />
  );
}
