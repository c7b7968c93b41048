import { MultiSelect } from "@mantine/core";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useEventTypes } from "../../hooks/useWebhooks";

/** The catalogue as choices: everything, every event of one object, or one event. */
export function EventTypesInput(props: {
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
}) {
  const { t } = useTranslation("webhooks");
  const types = useEventTypes();
  const data = useMemo(() => {
    const names = (types.data ?? []).map((e) => e.name);
    const objects = [...new Set(names.map((n) => n.split(".")[0] ?? n))];
    return [
      { value: "*", label: t("form.allEvents") },
      ...objects.map((o) => ({ value: `${o}.*`, label: t("form.allOf", { object: o }) })),
      ...(types.data ?? []).map((e) => ({
        value: e.name,
        label: e.reserved ? t("form.reserved", { name: e.name }) : e.name,
      })),
    ];
  }, [types.data, t]);
  return (
    <MultiSelect
      label={t("form.events")}
      description={t("form.eventsHint")}
      placeholder={props.value.length ? undefined : t("form.eventsPlaceholder")}
      data={data}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
      searchable
      required
      style={{ flex: "2 1 320px" }}
    />
  );
}
