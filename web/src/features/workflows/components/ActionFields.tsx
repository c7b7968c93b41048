import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { usePipelines } from "../../deals/hooks/useDeals";
import { useTeams } from "../../settings/hooks/useSettings";
import { useUserOptions } from "../../users/hooks/useUsers";
import { useObjectFields } from "../fields";
import type { Action, ObjectType, Territory } from "../types";

type Errors = Record<string, string>;

/** A number input's value as the API wants it: a number, or nothing. */
export function num(value: string | number): number | null {
  if (value === "" || value === null) return null;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

function UserChoice(props: {
  label: string;
  value: string | null | undefined;
  onChange: (value: string | null) => void;
  error?: string;
  required?: boolean;
}) {
  const { t } = useTranslation("automation");
  const users = useUserOptions();
  return (
    <Select
      label={props.label}
      required={props.required}
      data={[{ value: "owner", label: t("action.recordOwner") }, ...users]}
      value={props.value ?? "owner"}
      onChange={props.onChange}
      allowDeselect={false}
      searchable
      error={props.error}
    />
  );
}

function Territories(props: {
  value: Territory[];
  onChange: (value: Territory[]) => void;
  prefix: string;
  errors: Errors;
}) {
  const { t } = useTranslation("automation");
  const users = useUserOptions();
  const set = (i: number, change: Partial<Territory>) =>
    props.onChange(props.value.map((row, j) => (i === j ? { ...row, ...change } : row)));
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {t("action.territories")}
      </Text>
      {props.value.map((row, i) => {
        const n = i + 1;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place
          <Group key={i} gap="xs" align="flex-end" wrap="wrap">
            <TextInput
              label={t("action.territoryCountry", { n })}
              value={row.country ?? ""}
              maxLength={2}
              w={110}
              onChange={(e) => set(i, { country: e.currentTarget.value.toUpperCase() || null })}
            />
            <TextInput
              label={t("action.territoryRegion", { n })}
              value={row.region ?? ""}
              w={150}
              onChange={(e) => set(i, { region: e.currentTarget.value || null })}
            />
            <TextInput
              label={t("action.territoryPostal", { n })}
              value={row.postal_prefix ?? ""}
              w={130}
              onChange={(e) => set(i, { postal_prefix: e.currentTarget.value || null })}
            />
            <Select
              label={t("action.territoryUser", { n })}
              data={users}
              value={row.user_id || null}
              onChange={(v) => set(i, { user_id: v ?? "" })}
              searchable
              w={200}
              error={props.errors[`${props.prefix}.territories.${i}.user_id`]}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size={36}
              aria-label={t("action.territoryRemove", { n })}
              onClick={() => props.onChange(props.value.filter((_, j) => j !== i))}
            >
              <IconTrash size={18} aria-hidden />
            </ActionIcon>
          </Group>
        );
      })}
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<IconPlus size={16} aria-hidden />}
        onClick={() => props.onChange([...props.value, { user_id: "" }])}
        style={{ alignSelf: "flex-start" }}
      >
        {t("action.territoryAdd")}
      </Button>
    </Stack>
  );
}

/** The fields one kind of action needs; `n` is its step number (for unique labels). */
export function ActionFields(props: {
  action: Action;
  objectType: ObjectType;
  index: number;
  errors: Errors;
  onChange: (change: Partial<Action>) => void;
}) {
  const { t } = useTranslation("automation");
  const { action, onChange, index } = props;
  const n = index + 1;
  const err = (name: string) => props.errors[`actions.${index}.${name}`];
  const fields = useObjectFields(props.objectType);
  const teams = useTeams();
  const pipelines = usePipelines();
  const label = (key: string) => t(`action.${key}`, { n });
  // Tasks and tickets share one priority scale.
  const priority = (
    <Select
      label={label("priority")}
      data={(["low", "normal", "high", "urgent"] as const).map((p) => ({
        value: p,
        label: t(`values.${p}`),
      }))}
      value={action.priority ?? "normal"}
      onChange={(v) => onChange({ priority: v as Action["priority"] })}
      allowDeselect={false}
    />
  );

  switch (action.type) {
    case "assign_owner":
      return (
        <Stack gap="xs">
          <Select
            label={label("strategy")}
            required
            data={(["round_robin", "territory", "least_loaded"] as const).map((s) => ({
              value: s,
              label: t(`action.strategies.${s}`),
            }))}
            value={action.strategy ?? null}
            onChange={(v) => onChange({ strategy: v as Action["strategy"] })}
            error={err("strategy")}
          />
          {action.strategy !== "territory" && (
            <Select
              label={label("team")}
              description={t("action.teamHint")}
              data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
              value={action.team_id ?? null}
              onChange={(v) => onChange({ team_id: v })}
              clearable
              error={err("team_id")}
            />
          )}
          {action.strategy === "territory" && (
            <Territories
              value={action.territories ?? []}
              onChange={(territories) => onChange({ territories })}
              prefix={`actions.${index}`}
              errors={props.errors}
            />
          )}
          {err("territories") && (
            <Text c="red.8" size="sm">
              {err("territories")}
            </Text>
          )}
        </Stack>
      );
    case "create_task":
      return (
        <Stack gap="xs">
          <TextInput
            label={label("taskTitle")}
            description={t("action.templateHint", { example: "{{record.display_name}}" })}
            required
            value={action.title ?? ""}
            onChange={(e) => onChange({ title: e.currentTarget.value })}
            error={err("title")}
          />
          <Group grow align="flex-start">
            <NumberInput
              label={label("dueInDays")}
              required
              min={0}
              value={action.due_in_days ?? ""}
              onChange={(v) => onChange({ due_in_days: num(v) })}
              error={err("due_in_days")}
            />
            <NumberInput
              label={label("remindBefore")}
              min={0}
              value={action.remind_before_minutes ?? ""}
              onChange={(v) => onChange({ remind_before_minutes: num(v) })}
              error={err("remind_before_minutes")}
            />
          </Group>
          <Group grow align="flex-start">
            <UserChoice
              label={label("assignee")}
              value={action.assignee}
              onChange={(v) => onChange({ assignee: v })}
              error={err("assignee")}
            />
            {priority}
          </Group>
        </Stack>
      );
    case "send_email":
      return (
        <Stack gap="xs">
          <TextInput
            label={label("to")}
            description={t("action.toHint")}
            required
            value={action.to ?? ""}
            onChange={(e) => onChange({ to: e.currentTarget.value })}
            error={err("to")}
          />
          <TextInput
            label={label("subject")}
            required
            value={action.subject ?? ""}
            onChange={(e) => onChange({ subject: e.currentTarget.value })}
            error={err("subject")}
          />
          <Textarea
            label={label("body")}
            description={t("action.templateHint", { example: "{{record.display_name}}" })}
            required
            autosize
            minRows={3}
            value={action.body ?? ""}
            onChange={(e) => onChange({ body: e.currentTarget.value })}
            error={err("body")}
          />
        </Stack>
      );
    case "send_sms":
      return (
        <Textarea
          label={label("smsBody")}
          description={t("action.smsHint")}
          required
          autosize
          minRows={2}
          value={action.body ?? ""}
          onChange={(e) => onChange({ body: e.currentTarget.value, to: "record" })}
          error={err("body") ?? err("to")}
        />
      );
    case "update_field": {
      const def = fields.settable.find((f) => f.field === action.field);
      const value = action.value === undefined || action.value === null ? "" : String(action.value);
      return (
        <Group grow align="flex-start">
          <Select
            label={label("field")}
            required
            data={fields.settable.map((f) => ({ value: f.field, label: f.label }))}
            value={action.field ?? null}
            onChange={(v) => onChange({ field: v, value: null })}
            error={err("field")}
          />
          {def?.type === "number" ? (
            <NumberInput
              label={label("value")}
              value={typeof action.value === "number" ? action.value : ""}
              onChange={(v) => onChange({ value: num(v) })}
              error={err("value")}
            />
          ) : def?.options || def?.type === "boolean" ? (
            <Select
              label={label("value")}
              data={
                def.type === "boolean"
                  ? [
                      { value: "true", label: t("common:yes") },
                      { value: "false", label: t("common:no") },
                    ]
                  : (def.options ?? [])
              }
              value={value || null}
              onChange={(v) =>
                onChange({ value: def.type === "boolean" ? v === "true" : (v ?? null) })
              }
              searchable
              error={err("value")}
            />
          ) : (
            <TextInput
              label={label("value")}
              type={def?.type === "date" ? "date" : "text"}
              value={value}
              onChange={(e) => onChange({ value: e.currentTarget.value })}
              error={err("value")}
            />
          )}
        </Group>
      );
    }
    case "add_tag":
      return (
        <TextInput
          label={label("tag")}
          required
          value={action.tag ?? ""}
          onChange={(e) => onChange({ tag: e.currentTarget.value })}
          error={err("tag")}
        />
      );
    case "create_deal":
      return (
        <Stack gap="xs">
          <TextInput
            label={label("dealName")}
            description={t("action.templateHint", { example: "{{record.display_name}}" })}
            required
            value={action.name ?? ""}
            onChange={(e) => onChange({ name: e.currentTarget.value })}
            error={err("name")}
          />
          <Group grow align="flex-start">
            <Select
              label={label("pipeline")}
              data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
              value={action.pipeline_id ?? null}
              onChange={(v) => onChange({ pipeline_id: v })}
              clearable
              error={err("pipeline_id")}
            />
            <TextInput
              label={label("amount")}
              inputMode="decimal"
              value={action.amount ?? ""}
              onChange={(e) => onChange({ amount: e.currentTarget.value || null })}
              error={err("amount")}
            />
            <TextInput
              label={label("currency")}
              maxLength={3}
              value={action.currency ?? ""}
              onChange={(e) => onChange({ currency: e.currentTarget.value.toUpperCase() || null })}
              error={err("currency")}
            />
          </Group>
        </Stack>
      );
    case "create_ticket":
      return (
        <Stack gap="xs">
          <TextInput
            label={label("ticketSubject")}
            description={t("action.templateHint", { example: "{{record.display_name}}" })}
            required
            value={action.subject ?? ""}
            onChange={(e) => onChange({ subject: e.currentTarget.value })}
            error={err("subject")}
          />
          <Textarea
            label={label("ticketBody")}
            autosize
            minRows={2}
            value={action.body ?? ""}
            onChange={(e) => onChange({ body: e.currentTarget.value })}
            error={err("body")}
          />
          {priority}
        </Stack>
      );
    case "call_webhook":
      return (
        <TextInput
          label={label("url")}
          description={t("action.urlHint")}
          required
          type="url"
          value={action.url ?? ""}
          onChange={(e) => onChange({ url: e.currentTarget.value })}
          error={err("url")}
        />
      );
    case "notify_user":
      return (
        <Stack gap="xs">
          <UserChoice
            label={label("user")}
            required
            value={action.user}
            onChange={(v) => onChange({ user: v })}
            error={err("user")}
          />
          <TextInput
            label={label("notifyTitle")}
            description={t("action.templateHint", { example: "{{record.display_name}}" })}
            required
            value={action.title ?? ""}
            onChange={(e) => onChange({ title: e.currentTarget.value })}
            error={err("title")}
          />
          <TextInput
            label={label("notifyBody")}
            value={action.body ?? ""}
            onChange={(e) => onChange({ body: e.currentTarget.value || null })}
            error={err("body")}
          />
        </Stack>
      );
    case "wait":
      return (
        <Group grow align="flex-start">
          <NumberInput
            label={label("days")}
            min={0}
            value={action.days ?? ""}
            onChange={(v) => onChange({ days: num(v) })}
            error={err("days")}
          />
          <NumberInput
            label={label("hours")}
            min={0}
            value={action.hours ?? ""}
            onChange={(v) => onChange({ hours: num(v) })}
            error={err("hours")}
          />
          <NumberInput
            label={label("minutes")}
            min={0}
            value={action.minutes ?? ""}
            onChange={(v) => onChange({ minutes: num(v) })}
            error={err("minutes")}
          />
        </Group>
      );
    default:
      return null;
  }
}
