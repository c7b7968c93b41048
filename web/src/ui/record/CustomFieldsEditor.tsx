import { Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CustomField } from "../../api/types";
import { useFormat } from "../../i18n/format";
import { EditableField, type EditorKind } from "./EditableField";

const KIND: Record<CustomField["type"], EditorKind> = {
  text: "text",
  number: "number",
  money: "number",
  date: "date",
  boolean: "select",
  select: "select",
  multiselect: "tags",
};

/** A record's admin-defined fields, editable in place like the built-in ones. */
export function CustomFieldsEditor(props: {
  definitions: CustomField[];
  values: Record<string, unknown>;
  errors: Record<string, string>;
  onSave: (values: Record<string, unknown>) => Promise<boolean>;
  readOnly?: boolean;
}) {
  const { t } = useTranslation("common");
  const fmt = useFormat();
  return (
    <>
      {props.definitions.map((def) => {
        const raw = props.values[def.key];
        const display =
          raw === undefined || raw === null || raw === ""
            ? null
            : def.type === "boolean"
              ? raw
                ? t("yes")
                : t("no")
              : def.type === "date"
                ? fmt.date(String(raw))
                : def.type === "number" || def.type === "money"
                  ? fmt.number(raw as number)
                  : Array.isArray(raw)
                    ? raw.join(", ")
                    : String(raw);
        const options =
          def.type === "boolean"
            ? [
                { value: "true", label: t("yes") },
                { value: "false", label: t("no") },
              ]
            : def.options.map((o) => ({ value: o, label: o }));
        const toValue = (v: string | string[]): unknown => {
          if (Array.isArray(v)) return v;
          if (v === "") return null;
          if (def.type === "boolean") return v === "true";
          if (def.type === "number" || def.type === "money") return Number(v);
          return v;
        };
        return (
          <EditableField
            key={def.id}
            label={def.label}
            display={display ? <Text>{display}</Text> : null}
            value={
              Array.isArray(raw)
                ? (raw as string[])
                : raw === undefined || raw === null
                  ? ""
                  : String(raw)
            }
            kind={KIND[def.type]}
            options={options}
            error={props.errors[`cf.${def.key}`] ?? props.errors.custom_fields}
            readOnly={props.readOnly}
            onSave={(v) => props.onSave({ ...props.values, [def.key]: toValue(v) })}
          />
        );
      })}
    </>
  );
}
