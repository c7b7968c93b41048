import { ScrollArea, SegmentedControl, Stack } from "@mantine/core";
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
  return (
    <Stack gap="md">
      <ScrollArea type="never">
        <SegmentedControl
          aria-label={t("settings.title")}
          value={section}
          onChange={(v) => setSearch({ section: v }, { replace: true })}
          data={SECTIONS.map((s) => ({ value: s, label: t(`settings.sections.${s}`) }))}
        />
      </ScrollArea>
      {section === "connectors" && <ConnectorsTab />}
      {section === "rules" && <RulesTab />}
      {section === "keywords" && <KeywordsTab />}
      {section === "terms" && <TermsTab />}
      {section === "alerts" && <AlertsTab />}
    </Stack>
  );
}
