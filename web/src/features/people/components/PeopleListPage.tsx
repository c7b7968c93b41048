import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { Person } from "../../../api/types";
import { QuickChips } from "../../../ui/list/QuickChips";
import type { Column, FilterFieldDef, SortOption } from "../../../ui/list/types";
import { type RecordKind, RecordsListPage } from "../../records/components/RecordsListPage";
import { useUserOptions } from "../../users/hooks/useUsers";
import { PersonForm } from "../forms/PersonForm";
import {
  PEOPLE_DEFAULT_SORT,
  peoplePages,
  usePeopleBulk,
  usePeopleList,
  useRestorePerson,
} from "../hooks/usePeople";
import { LIFECYCLE_STAGES } from "../lifecycle";
import { StageBadge } from "./StageBadge";

const PEOPLE: RecordKind<Person> = {
  kind: "people",
  defaultSort: PEOPLE_DEFAULT_SORT,
  useList: usePeopleList,
  pages: peoplePages,
  useBulk: usePeopleBulk,
  useRestore: useRestorePerson,
  getLabel: (p) => p.display_name,
  Form: PersonForm,
};

/** The stages with a chip of their own above the list. */
const CHIP_STAGES = ["lead", "opportunity", "customer"];

export function PeopleListPage() {
  const { t } = useTranslation("people");
  const owners = useUserOptions();
  const stageOptions = useMemo(
    () => LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) })),
    [t],
  );

  const columns: Column<Person>[] = [
    {
      key: "name",
      header: t("field.name"),
      render: (p) => p.display_name,
      csv: (p) => p.display_name,
      phone: "title",
    },
    {
      key: "email",
      header: t("field.email"),
      render: (p) => p.primary_email,
      csv: (p) => p.primary_email,
      phone: "subtitle",
    },
    {
      key: "phone",
      nowrap: true,
      header: t("field.phone"),
      render: (p) => p.primary_phone,
      csv: (p) => p.primary_phone,
    },
    {
      key: "stage",
      nowrap: true,
      header: t("field.lifecycle_stage"),
      render: (p) => <StageBadge stage={p.lifecycle_stage} />,
      csv: (p) => t(`stage.${p.lifecycle_stage}`),
      phone: "meta",
    },
    { key: "city", header: t("field.city"), render: (p) => p.city, csv: (p) => p.city },
  ];

  const filterFields: FilterFieldDef[] = [
    {
      field: "lifecycle_stage",
      label: t("field.lifecycle_stage"),
      type: "enum",
      options: stageOptions,
    },
    { field: "owner_id", label: t("field.owner"), type: "user", options: owners },
    { field: "city", label: t("field.city"), type: "text" },
    { field: "country", label: t("field.country"), type: "text" },
    { field: "tags", label: t("field.tags"), type: "tags" },
    { field: "lead_source", label: t("field.lead_source"), type: "text" },
    { field: "primary_email", label: t("field.email"), type: "text" },
    { field: "created_at", label: t("field.created_at"), type: "datetime" },
    { field: "updated_at", label: t("field.updated_at"), type: "datetime" },
  ];

  const sortOptions: SortOption[] = [
    { value: "-updated_at", label: t("sort.recent") },
    { value: "display_name", label: t("sort.nameAsc") },
    { value: "-display_name", label: t("sort.nameDesc") },
    { value: "-created_at", label: t("sort.newest") },
    { value: "created_at", label: t("sort.oldest") },
  ];

  return (
    <RecordsListPage
      of={PEOPLE}
      columns={columns}
      filterFields={filterFields}
      sortOptions={sortOptions}
      quickFilters={(conditions, set, mine) => (
        <QuickChips
          field="lifecycle_stage"
          label={t("field.lifecycle_stage")}
          options={stageOptions.filter((o) => CHIP_STAGES.includes(o.value))}
          conditions={conditions}
          onChange={set}
          extra={mine}
        />
      )}
    />
  );
}
