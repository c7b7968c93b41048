import type { KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Person } from "../../../api/types";
import { RecordPicker } from "../../../ui/record/RecordPicker";
import { usePerson, usePersonSearch } from "../hooks/usePeople";

const personId = (p: Person) => p.id;
const personName = (p: Person) => p.display_name;
const personLine = (p: Person) =>
  [p.primary_email ?? p.primary_phone, p.city].filter(Boolean).join(" · ");

/** Choose a person by typing part of their name, e-mail or phone. */
export function PersonPicker(props: {
  value: string | null;
  onChange: (id: string | null, person: Person | null) => void;
  label?: string;
  error?: string;
  description?: string;
  autoFocus?: boolean;
  defaultDropdownOpened?: boolean;
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement>) => void;
}) {
  const { t } = useTranslation("records");
  const current = usePerson(props.value);
  return (
    <RecordPicker<Person>
      {...props}
      label={props.label ?? t("picker.person")}
      valueLabel={
        current.data?.display_name ??
        (props.value ? (current.isError ? t("picker.unavailable") : t("picker.loading")) : null)
      }
      useSearch={usePersonSearch}
      getId={personId}
      getLabel={personName}
      getDescription={personLine}
      placeholder={t("picker.personPlaceholder")}
      nothingFound={t("picker.noPerson")}
      searching={t("picker.searching")}
      clearLabel={t("picker.clear")}
    />
  );
}
