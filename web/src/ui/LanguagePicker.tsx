import { SegmentedControl } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Locale } from "../api/types";
import { LANGUAGES } from "../i18n";

/** The three languages, each written in its own script. */
export function LanguagePicker(props: { onChange: (locale: Locale) => void; disabled?: boolean }) {
  const { t, i18n } = useTranslation("common");
  return (
    <SegmentedControl
      aria-label={t("language.label")}
      value={i18n.language}
      onChange={(value) => props.onChange(value as Locale)}
      data={LANGUAGES.map((l) => ({ value: l.code, label: <span lang={l.code}>{l.label}</span> }))}
      disabled={props.disabled}
      fullWidth
    />
  );
}
