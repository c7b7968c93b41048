import { Chip, Group, ScrollArea } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { type Condition, conditionsOf, fromConditions, withCondition } from "../../lib/filter";

/** One-tap filters on a single field: "All", then each value. */
export function QuickChips(props: {
  field: string;
  label: string;
  options: { value: string; label: string }[];
  conditions: Condition[];
  onChange: (conditions: Condition[]) => void;
  extra?: React.ReactNode;
}) {
  const { t } = useTranslation("common");
  const current = props.conditions.find((c) => c.field === props.field && c.op === "eq");
  const value = current ? String(current.value) : "";
  const set = (next: string) => {
    const tree = withCondition(
      fromConditions(props.conditions),
      props.field,
      next ? { field: props.field, op: "eq", value: next } : null,
    );
    props.onChange(conditionsOf(tree));
  };
  return (
    <ScrollArea type="never" offsetScrollbars={false}>
      <Group gap={6} wrap="nowrap" role="group" aria-label={props.label} pb={2}>
        {props.extra}
        <Chip checked={value === ""} onChange={() => set("")} variant="outline" size="md">
          {t("all")}
        </Chip>
        {props.options.map((o) => (
          <Chip
            key={o.value}
            checked={value === o.value}
            onChange={() => set(value === o.value ? "" : o.value)}
            variant="outline"
            size="md"
          >
            {o.label}
          </Chip>
        ))}
      </Group>
    </ScrollArea>
  );
}

/** A "Mine" toggle: records I own. */
export function MineChip(props: {
  field: string;
  me: string | undefined;
  conditions: Condition[];
  onChange: (c: Condition[]) => void;
}) {
  const { t } = useTranslation("common");
  const on = props.conditions.some(
    (c) => c.field === props.field && c.op === "eq" && c.value === props.me,
  );
  if (!props.me) return null;
  return (
    <Chip
      checked={on}
      variant="outline"
      size="md"
      onChange={() =>
        props.onChange(
          conditionsOf(
            withCondition(
              fromConditions(props.conditions),
              props.field,
              on ? null : { field: props.field, op: "eq", value: props.me },
            ),
          ),
        )
      }
    >
      {t("mine")}
    </Chip>
  );
}
