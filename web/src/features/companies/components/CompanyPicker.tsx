import type { KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Company } from "../../../api/types";
import { RecordPicker } from "../../../ui/record/RecordPicker";
import { useCompany, useCompanySearch } from "../hooks/useCompanies";

const companyId = (c: Company) => c.id;
const companyName = (c: Company) => c.name;
const companyLine = (c: Company) => [c.domain, c.city].filter(Boolean).join(" · ");

/** Choose a company by typing part of its name or domain. */
export function CompanyPicker(props: {
  value: string | null;
  onChange: (id: string | null, company: Company | null) => void;
  label?: string;
  error?: string;
  description?: string;
  autoFocus?: boolean;
  defaultDropdownOpened?: boolean;
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement>) => void;
}) {
  const { t } = useTranslation("records");
  const current = useCompany(props.value);
  return (
    <RecordPicker<Company>
      {...props}
      label={props.label ?? t("picker.company")}
      valueLabel={
        current.data?.name ??
        (props.value ? (current.isError ? t("picker.unavailable") : t("picker.loading")) : null)
      }
      useSearch={useCompanySearch}
      getId={companyId}
      getLabel={companyName}
      getDescription={companyLine}
      placeholder={t("picker.companyPlaceholder")}
      nothingFound={t("picker.noCompany")}
      searching={t("picker.searching")}
      clearLabel={t("picker.clear")}
    />
  );
}
