import type { KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { RecordPicker, type RecordPickerProps } from "../../../ui/record/RecordPicker";

/** What a caller gives the picker of one kind of record (PersonPicker, CompanyPicker). */
export interface KindPickerProps<T> {
  value: string | null;
  onChange: (id: string | null, record: T | null) => void;
  label?: string;
  error?: string;
  description?: string;
  autoFocus?: boolean;
  defaultDropdownOpened?: boolean;
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement>) => void;
}

/**
 * RecordPicker for one kind: the chosen record is looked up by its id (so it shows by name
 * however far down the list it is; "Loading…" or "unavailable" until then), with the
 * records' labels for searching and clearing.
 */
export function KindPicker<T>(
  props: KindPickerProps<T> &
    Pick<
      RecordPickerProps<T>,
      "useSearch" | "getId" | "getLabel" | "getDescription" | "placeholder" | "nothingFound"
    > & {
      /** The label unless the caller gives one. */
      defaultLabel: string;
      /** The kind's hook for one record by id (disabled without one). */
      useRecord: (id: string | null) => { data?: T; isError: boolean };
    },
) {
  const { t } = useTranslation("records");
  const { defaultLabel, useRecord, ...rest } = props;
  const current = useRecord(props.value);
  const name = current.data ? props.getLabel(current.data) : undefined;
  return (
    <RecordPicker<T>
      {...rest}
      label={props.label ?? defaultLabel}
      valueLabel={
        name ??
        (props.value ? (current.isError ? t("picker.unavailable") : t("picker.loading")) : null)
      }
      searching={t("picker.searching")}
      clearLabel={t("picker.clear")}
    />
  );
}
