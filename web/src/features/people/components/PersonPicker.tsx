import { useTranslation } from "react-i18next";
import type { Person } from "../../../api/types";
import { KindPicker, type KindPickerProps } from "../../records/components/KindPicker";
import type { LinkKind } from "../../records/components/LinkField";
import { usePerson, usePersonSearch } from "../hooks/usePeople";

const personId = (p: Person) => p.id;
const personName = (p: Person) => p.display_name;
const personLine = (p: Person) =>
  [p.primary_email ?? p.primary_phone, p.city].filter(Boolean).join(" · ");

/** Choose a person by typing part of their name, e-mail or phone. */
export function PersonPicker(props: KindPickerProps<Person>) {
  const { t } = useTranslation("records");
  return (
    <KindPicker<Person>
      {...props}
      defaultLabel={t("picker.person")}
      useRecord={usePerson}
      useSearch={usePersonSearch}
      getId={personId}
      getLabel={personName}
      getDescription={personLine}
      placeholder={t("picker.personPlaceholder")}
      nothingFound={t("picker.noPerson")}
    />
  );
}

/** A field linking to a person: see LinkField. */
export const PERSON_LINK: LinkKind<Person> = {
  path: "people",
  getLabel: personName,
  Picker: PersonPicker,
};
