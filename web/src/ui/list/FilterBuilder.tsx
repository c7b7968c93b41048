import {
  ActionIcon,
  Button,
  Group,
  MultiSelect,
  Select,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type Condition, OPS_BY_TYPE, type Op, VALUELESS } from "../../lib/filter";
import type { FilterFieldDef } from "./types";

function defaultOp(def: FilterFieldDef): Op {
  return OPS_BY_TYPE[def.type][0] ?? "eq";
}

function emptyValue(op: Op): unknown {
  if (op === "in" || op === "not_in" || op === "between") return [];
  return "";
}

function isComplete(c: Condition): boolean {
  if (VALUELESS.has(c.op)) return true;
  if (Array.isArray(c.value))
    return c.op === "between" ? c.value.length === 2 && c.value.every(Boolean) : c.value.length > 0;
  return c.value !== "" && c.value !== undefined && c.value !== null;
}

/** Conditions as the API wants them: dates become the start of the day for datetime fields. */
function normalise(c: Condition, def: FilterFieldDef | undefined): Condition {
  if (VALUELESS.has(c.op)) return { field: c.field, op: c.op };
  if (def?.type === "number") {
    const num = (v: unknown) => Number(v);
    return { ...c, value: Array.isArray(c.value) ? c.value.map(num) : num(c.value) };
  }
  if (def?.type === "boolean") return { ...c, value: c.value === true || c.value === "true" };
  if (def?.type === "datetime") {
    const iso = (v: unknown) =>
      typeof v === "string" && v.length === 10 ? new Date(`${v}T00:00:00`).toISOString() : v;
    return { ...c, value: Array.isArray(c.value) ? c.value.map(iso) : iso(c.value) };
  }
  return c;
}

function ValueInput(props: {
  def: FilterFieldDef;
  condition: Condition;
  onChange: (value: unknown) => void;
  label: string;
}) {
  const { def, condition, onChange, label } = props;
  const { t } = useTranslation("common");
  if (VALUELESS.has(condition.op)) return null;
  const options =
    def.type === "boolean"
      ? [
          { value: "true", label: t("yes") },
          { value: "false", label: t("no") },
        ]
      : def.options;
  if (options && (condition.op === "in" || condition.op === "not_in")) {
    return (
      <MultiSelect
        label={label}
        data={options}
        value={Array.isArray(condition.value) ? (condition.value as string[]) : []}
        onChange={onChange}
        searchable
      />
    );
  }
  if (options) {
    return (
      <Select
        label={label}
        data={options}
        value={condition.value === undefined ? null : String(condition.value)}
        onChange={(v) => onChange(v ?? "")}
        searchable
      />
    );
  }
  const inputType =
    def.type === "date" || def.type === "datetime"
      ? "date"
      : def.type === "number"
        ? "number"
        : "text";
  if (condition.op === "between") {
    const pair = Array.isArray(condition.value) ? (condition.value as string[]) : ["", ""];
    return (
      <Group grow gap="xs">
        <TextInput
          label={`${label} — ${t("filter.from")}`}
          type={inputType}
          value={String(pair[0] ?? "")}
          onChange={(e) => onChange([e.currentTarget.value, pair[1] ?? ""])}
        />
        <TextInput
          label={`${label} — ${t("filter.to")}`}
          type={inputType}
          value={String(pair[1] ?? "")}
          onChange={(e) => onChange([pair[0] ?? "", e.currentTarget.value])}
        />
      </Group>
    );
  }
  return (
    <TextInput
      label={label}
      type={inputType}
      value={String(condition.value ?? "")}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

/**
 * Build an AND of conditions over a list's filterable fields. With `onApply` the conditions are
 * applied by a button; with `onChange` (inside a bigger form) every complete change is reported.
 */
export function FilterBuilder(props: {
  fields: FilterFieldDef[];
  value: Condition[];
  onApply?: (conditions: Condition[]) => void;
  onChange?: (conditions: Condition[]) => void;
  /** The add button's text (default: "Add a filter"). */
  addLabel?: string;
  /** Shown with no conditions (default: the lists' hint). */
  emptyText?: string;
}) {
  const { t } = useTranslation("common");
  const [draft, setDraftState] = useState<Condition[]>(() =>
    props.value.length ? props.value : [],
  );
  const defs = new Map(props.fields.map((f) => [f.field, f]));
  const complete = (conditions: Condition[]) =>
    conditions.filter(isComplete).map((c) => normalise(c, defs.get(c.field)));
  const { onChange } = props;
  const setDraft = (change: (d: Condition[]) => Condition[]) => {
    const next = change(draft);
    setDraftState(next);
    onChange?.(complete(next));
  };

  const add = () => {
    const first = props.fields[0];
    if (!first) return;
    const op = defaultOp(first);
    setDraft((d) => [...d, { field: first.field, op, value: emptyValue(op) }]);
  };

  const update = (index: number, change: Partial<Condition>) =>
    setDraft((d) => d.map((c, i) => (i === index ? { ...c, ...change } : c)));

  return (
    <Stack gap="md">
      {draft.length === 0 && <Text c="dimmed">{props.emptyText ?? t("filter.none")}</Text>}
      {draft.map((condition, index) => {
        const def = defs.get(condition.field) ?? props.fields[0];
        if (!def) return null;
        const n = index + 1;
        return (
          <Stack
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place
            key={index}
            gap="xs"
            p="sm"
            style={{ border: "1px solid var(--mantine-color-gray-3)", borderRadius: 8 }}
          >
            <Group gap="xs" wrap="nowrap" align="flex-end">
              <Select
                style={{ flex: 1 }}
                label={t("filter.field", { n })}
                data={props.fields.map((f) => ({ value: f.field, label: f.label }))}
                value={condition.field}
                allowDeselect={false}
                onChange={(field) => {
                  const next = field ? defs.get(field) : undefined;
                  if (!next) return;
                  const op = defaultOp(next);
                  update(index, { field: next.field, op, value: emptyValue(op) });
                }}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                size={44}
                aria-label={t("filter.remove", { n })}
                onClick={() => setDraft((d) => d.filter((_, i) => i !== index))}
              >
                <IconTrash size={20} aria-hidden />
              </ActionIcon>
            </Group>
            <Select
              label={t("filter.op")}
              data={OPS_BY_TYPE[def.type].map((op) => ({
                value: op,
                label: t(`filter.ops.${op}`),
              }))}
              value={condition.op}
              allowDeselect={false}
              onChange={(op) => op && update(index, { op: op as Op, value: emptyValue(op as Op) })}
            />
            <ValueInput
              def={def}
              condition={condition}
              label={t("filter.value", { n })}
              onChange={(value) => update(index, { value })}
            />
          </Stack>
        );
      })}
      <Button variant="light" leftSection={<IconPlus size={18} aria-hidden />} onClick={add}>
        {props.addLabel ?? t("filter.add")}
      </Button>
      {props.onApply && (
        <Group justify="flex-end">
          <Button variant="default" onClick={() => props.onApply?.([])}>
            {t("filter.clear")}
          </Button>
          <Button onClick={() => props.onApply?.(complete(draft))}>{t("filter.apply")}</Button>
        </Group>
      )}
    </Stack>
  );
}

/** "Stage is Lead" — a condition in words, for the chips above a list. */
export function describeCondition(
  condition: Condition,
  def: FilterFieldDef | undefined,
  t: (key: string, options?: Record<string, unknown>) => string,
): string {
  const label = def?.label ?? condition.field;
  const show = (v: unknown) => {
    const text = String(v);
    if (def?.type === "boolean") return v === true || v === "true" ? t("yes") : t("no");
    return (
      def?.options?.find((o) => o.value === text)?.label ??
      (def?.type === "datetime" ? text.slice(0, 10) : text)
    );
  };
  if (VALUELESS.has(condition.op)) return `${label} ${t(`filter.ops.${condition.op}`)}`;
  const value = Array.isArray(condition.value)
    ? condition.value.map(show).join(condition.op === "between" ? " – " : ", ")
    : show(condition.value);
  return `${label} ${t(`filter.ops.${condition.op}`)} ${value}`;
}
