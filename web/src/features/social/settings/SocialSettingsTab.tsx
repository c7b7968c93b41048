import { SegmentedControl, Select, Stack } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { AlertsTab } from "./AlertsTab";
import { ConnectorsTab } from "./ConnectorsTab";
import { KeywordsTab } from "./KeywordsTab";
import { RulesTab } from "./RulesTab";
import { TermsTab } from "./TermsTab";

const SECTIONS = ["connectors", "rules", "keywords", "terms", "alerts"] as const;
type Section = (typeof SECTIONS)[number];

/** The social settings in one settings tab (`/settings/social?section=rules`). */
export function SocialSettingsTab() {
  const { t } = useTranslation("social");
  const [search, setSearch] = useSearchParams();
  const value = search.get("section");
  const section: Section = SECTIONS.includes(value as Section) ? (value as Section) : "connectors";
  const phone = useMediaQuery("(max-width: 48em)");
  const data = SECTIONS.map((s) => ({ value: s, label: t(`settings.sections.${s}`) }));
  const choose = (v: string) => setSearch({ section: v }, { replace: true });
  return (
    <Stack gap="md">
      {phone ? (
        <Select
          aria-label={t("settings.title")}
          data={data}
          value={section}
          onChange={(v) => v && choose(v)}
          allowDeselect={false}
        />
      ) : (
        <SegmentedControl
          aria-label={t("settings.title")}
          value={section}
          onChange={choose}
          data={data}
          style={{ alignSelf: "flex-start" }}
        />
      )}
      {section === "connectors" && <ConnectorsTab />}
      {section === "rules" && <RulesTab />}
      {section === "keywords" && <KeywordsTab />}
      {section === "terms" && <TermsTab />}
      {section === "alerts" && <AlertsTab />}
    </Stack>
  );
}
