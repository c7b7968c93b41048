import { useTranslation } from "react-i18next";
import type { Company } from "../../../api/types";
import { KindPicker, type KindPickerProps } from "../../records/components/KindPicker";
import type { LinkKind } from "../../records/components/LinkField";
import { useCompany, useCompanySearch } from "../hooks/useCompanies";

const companyId = (c: Company) => c.id;
const companyName = (c: Company) => c.name;
const companyLine = (c: Company) => [c.domain, c.city].filter(Boolean).join(" · ");

/** Choose a company by typing part of its name or domain. */
export function CompanyPicker(props: KindPickerProps<Company>) {
  const { t } = useTranslation("records");
  return (
    <KindPicker<Company>
      {...props}
      defaultLabel={t("picker.company")}
      useRecord={useCompany}
      useSearch={useCompanySearch}
      getId={companyId}
      getLabel={companyName}
      getDescription={companyLine}
      placeholder={t("picker.companyPlaceholder")}
      nothingFound={t("picker.noCompany")}
    />
  );
}

/** A field linking to a company: see LinkField. */
export const COMPANY_LINK: LinkKind<Company> = {
  path: "companies",
  getLabel: companyName,
  Picker: CompanyPicker,
};
