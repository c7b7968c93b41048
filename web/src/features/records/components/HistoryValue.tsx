import { Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/format";
import { useCompany } from "../../companies/hooks/useCompanies";
import { usePipelines } from "../../deals/hooks/useDeals";
import { usePerson } from "../../people/hooks/usePeople";
import { useUserNames } from "../../users/hooks/useUsers";
import { isBlank, listText } from "../history";

function CompanyName({ id }: { id: string }) {
  const { t } = useTranslation("records");
  const company = useCompany(id);
  return <>{company.data?.name ?? (company.isError ? t("history.unknown") : "…")}</>;
}

function PersonName({ id }: { id: string }) {
  const { t } = useTranslation("records");
  const person = usePerson(id);
  return <>{person.data?.display_name ?? (person.isError ? t("history.unknown") : "…")}</>;
}

function StageName({ id, pipeline }: { id: string; pipeline?: boolean }) {
  const pipelines = usePipelines();
  const all = pipelines.data ?? [];
  const name = pipeline
    ? all.find((p) => p.id === id)?.name
    : all.flatMap((p) => p.stages).find((s) => s.id === id)?.name;
  return <>{name ?? "…"}</>;
}

function UserName({ id }: { id: string }) {
  const { t } = useTranslation("records");
  const name = useUserNames()(id);
  return <>{name || t("history.unknown")}</>;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** One value of a changed field, in words: names for links, translated stages, local dates. */
export function HistoryValue({ field, value }: { field: string; value: unknown }) {
  const { t } = useTranslation("records");
  const fmt = useFormat();
  if (isBlank(value)) {
    return (
      <Text span c="dimmed" fs="italic" inherit>
        {t("history.blank")}
      </Text>
    );
  }
  if (typeof value === "string") {
    if (field === "owner_id" || field === "assignee_id") return <UserName id={value} />;
    if (field === "company_id") return <CompanyName id={value} />;
    if (field === "person_id") return <PersonName id={value} />;
    if (field === "stage_id") return <StageName id={value} />;
    if (field === "pipeline_id") return <StageName id={value} pipeline />;
    if (field === "lifecycle_stage")
      return <>{t(`people:stage.${value}`, { defaultValue: value })}</>;
    if (field === "status") return <>{t(`deals:status.${value}`, { defaultValue: value })}</>;
    if (field === "amount") return <>{fmt.number(value)}</>;
    if (DATE_ONLY.test(value)) return <>{fmt.date(value)}</>;
    if (DATE_TIME.test(value)) return <>{`${fmt.date(value)}, ${fmt.time(value)}`}</>;
    return <>{value}</>;
  }
  if (typeof value === "boolean") return <>{value ? t("common:yes") : t("common:no")}</>;
  if (typeof value === "number") return <>{fmt.number(value)}</>;
  if (Array.isArray(value)) return <>{listText(value)}</>;
  return <>{JSON.stringify(value)}</>;
}
