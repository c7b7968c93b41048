import { useTranslation } from "react-i18next";
import type { Company } from "../../../api/types";
import type { Column, FilterFieldDef, SortOption } from "../../../ui/list/types";
import { type RecordKind, RecordsListPage } from "../../records/components/RecordsListPage";
import { useUserOptions } from "../../users/hooks/useUsers";
import { CompanyForm } from "../forms/CompanyForm";
import {
  COMPANIES_DEFAULT_SORT,
  companyPages,
  useCompaniesBulk,
  useCompaniesList,
  useRestoreCompany,
} from "../hooks/useCompanies";
import { COMPANY_SIZES } from "../sizes";

const COMPANIES: RecordKind<Company> = {
  kind: "companies",
  defaultSort: COMPANIES_DEFAULT_SORT,
  useList: useCompaniesList,
  pages: companyPages,
  useBulk: useCompaniesBulk,
  useRestore: useRestoreCompany,
  getLabel: (c) => c.name,
  Form: CompanyForm,
};

export function CompaniesListPage() {
  const { t } = useTranslation("companies");
  const owners = useUserOptions();

  const columns: Column<Company>[] = [
    {
      key: "name",
      header: t("field.name"),
      render: (c) => c.name,
      csv: (c) => c.name,
      phone: "title",
    },
    {
      key: "domain",
      header: t("field.domain"),
      render: (c) => c.domain,
      csv: (c) => c.domain,
      phone: "subtitle",
    },
    {
      key: "industry",
      header: t("field.industry"),
      render: (c) => c.industry,
      csv: (c) => c.industry,
    },
    {
      key: "city",
      header: t("field.city"),
      render: (c) => c.city,
      csv: (c) => c.city,
      phone: "meta",
    },
    {
      key: "size",
      nowrap: true,
      header: t("field.size"),
      render: (c) => c.size,
      csv: (c) => c.size,
    },
  ];
  const filterFields: FilterFieldDef[] = [
    { field: "industry", label: t("field.industry"), type: "text" },
    { field: "city", label: t("field.city"), type: "text" },
    { field: "country", label: t("field.country"), type: "text" },
    {
      field: "size",
      label: t("field.size"),
      type: "enum",
      options: COMPANY_SIZES.map((s) => ({ value: s, label: s })),
    },
    { field: "owner_id", label: t("field.owner"), type: "user", options: owners },
    { field: "tags", label: t("field.tags"), type: "tags" },
    { field: "created_at", label: t("field.created_at"), type: "datetime" },
  ];
  const sortOptions: SortOption[] = [
    { value: "name", label: t("sort.nameAsc") },
    { value: "-name", label: t("sort.nameDesc") },
    { value: "-updated_at", label: t("sort.recent") },
    { value: "-created_at", label: t("sort.newest") },
    { value: "city", label: t("sort.city") },
  ];

  return (
    <RecordsListPage
      of={COMPANIES}
      columns={columns}
      filterFields={filterFields}
      sortOptions={sortOptions}
    />
  );
}
