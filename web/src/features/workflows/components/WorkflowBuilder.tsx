import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Menu,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from "@mantine/core";
import {
  IconArrowDown,
  IconArrowUp,
  IconBolt,
  IconHourglass,
  IconPlus,
  IconTrash,
} from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../../api/errors";
import { type Condition, conditionsOf, fromConditions } from "../../../lib/filter";
import { describeError, describeFieldProblem } from "../../../ui/errors";
import { FilterBuilder } from "../../../ui/list/FilterBuilder";
import { describeWait } from "../describe";
import { triggersFor, useObjectFields } from "../fields";
import {
  ACTION_TYPES,
  type Action,
  type ActionType,
  OBJECT_TYPES,
  type ObjectType,
  type Trigger,
  type TriggerType,
  type WorkflowInput,
} from "../types";
import { ActionFields, num } from "./ActionFields";
import classes from "./Workflows.module.css";

export const EMPTY_RULE: WorkflowInput = {
  name: "",
  description: "",
  object_type: "people",
  active: false,
  trigger: { type: "created" },
  condition: null,
  actions: [],
};

const NEW_ACTION: Record<ActionType, Action> = {
  assign_owner: { type: "assign_owner", strategy: "round_robin" },
  create_task: { type: "create_task", title: "", due_in_days: 1, priority: "normal" },
  send_email: { type: "send_email", to: "record", subject: "", body: "" },
  send_sms: { type: "send_sms", to: "record", body: "" },
  update_field: { type: "update_field", field: null, value: null },
  add_tag: { type: "add_tag", tag: "" },
  create_deal: { type: "create_deal", name: "" },
  create_ticket: { type: "create_ticket", subject: "", body: "", priority: "normal" },
  call_webhook: { type: "call_webhook", url: "" },
  notify_user: { type: "notify_user", user: "owner", title: "" },
  wait: { type: "wait", days: 1 },
};

/** Drop what is empty: the API checks what each type needs and names what is missing. */
function clean<T extends object>(value: T, keep: string[] = []): T {
  return Object.fromEntries(
    Object.entries(value).filter(
      ([k, v]) => keep.includes(k) || (v !== null && v !== undefined && v !== ""),
    ),
  ) as T;
}

export function toInput(draft: WorkflowInput): WorkflowInput {
  return {
    ...draft,
    name: draft.name.trim(),
    description: draft.description?.trim() || null,
    trigger: clean(draft.trigger),
    actions: draft.actions.map((a) => clean(a, a.type === "update_field" ? ["value"] : [])),
  };
}

/** Each complaint of a 422 by its path (`actions.2.field`), in the user's language. */
export function problemsByPath(
  t: Parameters<typeof describeFieldProblem>[0],
  error: unknown,
): Record<string, string> {
  if (!isApiError(error)) return {};
  const out: Record<string, string> = {};
  for (const item of error.problem.errors ?? []) {
    const path = item.field.replace(/^body\./, "");
    out[path] ??= describeFieldProblem(t, item);
  }
  return out;
}

/** The paths the form shows next to a field; anything else goes in the alert on top. */
function shownPaths(draft: WorkflowInput): Set<string> {
  const paths = new Set([
    "name",
    "description",
    "object_type",
    "condition",
    "trigger.type",
    "trigger.field",
    "trigger.to_value",
    "trigger.stage_id",
    "trigger.event_name",
    "trigger.date_field",
    "trigger.offset_days",
    "trigger.cron",
  ]);
  draft.actions.forEach((action, i) => {
    for (const key of [
      "type",
      ...Object.keys(NEW_ACTION[action.type]),
      ...Object.keys(action),
      "team_id",
      "territories",
      "remind_before_minutes",
      "assignee",
      "value",
      "pipeline_id",
      "amount",
      "currency",
      "body",
      "hours",
      "minutes",
    ])
      paths.add(`actions.${i}.${key}`);
  });
  return paths;
}

function Section(props: { title: string; hint?: string; icon?: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={props.title}>
      <Stack gap="sm">
        <div>
          <Group gap={6}>
            {props.icon}
            <Title order={3} size="h5">
              {props.title}
            </Title>
          </Group>
          {props.hint && (
            <Text size="sm" c="dimmed">
              {props.hint}
            </Text>
          )}
        </div>
        {props.children}
      </Stack>
    </Paper>
  );
}

function TriggerFields(props: {
  objectType: ObjectType;
  trigger: Trigger;
  errors: Record<string, string>;
  onChange: (trigger: Trigger) => void;
}) {
  const { t } = useTranslation("automation");
  const fields = useObjectFields(props.objectType);
  const { trigger, errors } = props;
  const set = (change: Partial<Trigger>) => props.onChange({ ...trigger, ...change });
  const changed = fields.any.find((f) => f.field === trigger.field);
  return (
    <Stack gap="xs">
      <Select
        label={t("trigger.type")}
        data={triggersFor(props.objectType).map((type) => ({
          value: type,
          label: t(`trigger.types.${type}`),
        }))}
        value={trigger.type}
        onChange={(v) => v && props.onChange({ type: v as TriggerType })}
        allowDeselect={false}
        error={errors["trigger.type"]}
      />
      {trigger.type === "field_changed" && (
        <Group grow align="flex-start">
          <Select
            label={t("trigger.field")}
            required
            data={fields.any.map((f) => ({ value: f.field, label: f.label }))}
            value={trigger.field ?? null}
            onChange={(v) => set({ field: v, to_value: null })}
            searchable
            error={errors["trigger.field"]}
          />
          {changed?.options ? (
            <Select
              label={t("trigger.toValue")}
              description={t("trigger.toValueHint")}
              data={changed.options}
              value={trigger.to_value ? String(trigger.to_value) : null}
              onChange={(v) => set({ to_value: v })}
              clearable
              searchable
              error={errors["trigger.to_value"]}
            />
          ) : (
            <TextInput
              label={t("trigger.toValue")}
              description={t("trigger.toValueHint")}
              value={trigger.to_value ? String(trigger.to_value) : ""}
              onChange={(e) => set({ to_value: e.currentTarget.value || null })}
              error={errors["trigger.to_value"]}
            />
          )}
        </Group>
      )}
      {trigger.type === "stage_entered" && (
        <Select
          label={t("trigger.stage")}
          required
          data={[...new Set(fields.stages.map((s) => s.group))].map((group) => ({
            group,
            items: fields.stages
              .filter((s) => s.group === group)
              .map((s) => ({ value: s.value, label: s.label })),
          }))}
          value={trigger.stage_id ?? null}
          onChange={(v) => set({ stage_id: v })}
          searchable
          error={errors["trigger.stage_id"]}
        />
      )}
      {trigger.type === "event_received" && (
        <TextInput
          label={t("trigger.event")}
          description={t("trigger.eventHint")}
          placeholder="Order Completed"
          required
          value={trigger.event_name ?? ""}
          onChange={(e) => set({ event_name: e.currentTarget.value })}
          error={errors["trigger.event_name"]}
        />
      )}
      {trigger.type === "date_reached" && (
        <Group grow align="flex-start">
          <Select
            label={t("trigger.dateField")}
            required
            data={fields.dates.map((f) => ({ value: f.field, label: f.label }))}
            value={trigger.date_field ?? null}
            onChange={(v) => set({ date_field: v })}
            error={errors["trigger.date_field"]}
          />
          <NumberInput
            label={t("trigger.offset")}
            description={t("trigger.offsetHint")}
            value={trigger.offset_days ?? ""}
            onChange={(v) => set({ offset_days: num(v) })}
            error={errors["trigger.offset_days"]}
          />
        </Group>
      )}
      {trigger.type === "schedule" && (
        <TextInput
          label={t("trigger.cron")}
          description={t("trigger.cronHint")}
          placeholder="0 7 * * *"
          required
          value={trigger.cron ?? ""}
          onChange={(e) => set({ cron: e.currentTarget.value })}
          error={errors["trigger.cron"]}
          styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
        />
      )}
    </Stack>
  );
}

function Steps(props: {
  objectType: ObjectType;
  actions: Action[];
  errors: Record<string, string>;
  onChange: (actions: Action[]) => void;
}) {
  const { t } = useTranslation("automation");
  const { actions } = props;
  const set = (i: number, change: Partial<Action>) =>
    props.onChange(actions.map((a, j) => (i === j ? { ...a, ...change } : a)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...actions];
    const [item] = next.splice(i, 1);
    if (item) next.splice(i + by, 0, item);
    props.onChange(next);
  };
  const typeLabel = (type: string) => t(`action.types.${type}`);

  return (
    <Stack gap="sm">
      {actions.length === 0 && (
        <Text c="dimmed" size="sm">
          {t("builder.noSteps")}
        </Text>
      )}
      {actions.length > 0 && (
        <Timeline bulletSize={28} lineWidth={2} active={-1} className={classes.timeline}>
          {actions.map((action, i) => {
            const n = i + 1;
            const wait = action.type === "wait";
            const name = t("builder.stepName", { n, type: typeLabel(action.type) });
            return (
              <Timeline.Item
                // biome-ignore lint/suspicious/noArrayIndexKey: steps are identified by their place
                key={i}
                lineVariant={actions[i + 1]?.type === "wait" || wait ? "dashed" : "solid"}
                bullet={
                  wait ? (
                    <IconHourglass size={16} aria-hidden />
                  ) : (
                    <Text size="xs" fw={700} aria-hidden>
                      {n}
                    </Text>
                  )
                }
                title={
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Text fw={600} size="sm" c={wait ? "dimmed" : undefined}>
                      {wait ? describeWait(t, action) : name}
                    </Text>
                    <Group gap={2} wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        size={36}
                        disabled={i === 0}
                        aria-label={t("builder.moveUp", { n })}
                        onClick={() => move(i, -1)}
                      >
                        <IconArrowUp size={18} aria-hidden />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        size={36}
                        disabled={i === actions.length - 1}
                        aria-label={t("builder.moveDown", { n })}
                        onClick={() => move(i, 1)}
                      >
                        <IconArrowDown size={18} aria-hidden />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        size={36}
                        aria-label={t("builder.remove", { n })}
                        onClick={() => props.onChange(actions.filter((_, j) => j !== i))}
                      >
                        <IconTrash size={18} aria-hidden />
                      </ActionIcon>
                    </Group>
                  </Group>
                }
              >
                <fieldset
                  aria-label={name}
                  className={wait ? classes.waitStep : classes.step}
                  data-testid={`step-${n}`}
                >
                  <ActionFields
                    action={action}
                    objectType={props.objectType}
                    index={i}
                    errors={props.errors}
                    onChange={(change) => set(i, change)}
                  />
                  {props.errors[`actions.${i}.type`] && (
                    <Text c="red.8" size="sm" mt={4}>
                      {props.errors[`actions.${i}.type`]}
                    </Text>
                  )}
                </fieldset>
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button
            variant="light"
            leftSection={<IconPlus size={18} aria-hidden />}
            style={{ alignSelf: "flex-start" }}
          >
            {t("builder.addStep")}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {ACTION_TYPES.map((type) => (
            <Menu.Item
              key={type}
              leftSection={type === "wait" ? <IconHourglass size={16} aria-hidden /> : undefined}
              onClick={() => props.onChange([...actions, { ...NEW_ACTION[type] }])}
            >
              {typeLabel(type)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    </Stack>
  );
}

/** The rule as a form: when (trigger), only if (conditions), then (steps, with waits between). */
export function WorkflowBuilder(props: {
  initial: WorkflowInput;
  saving: boolean;
  error: unknown;
  onSave: (input: WorkflowInput) => void;
  onCancel: () => void;
  submitLabel: string;
}) {
  const { t } = useTranslation("automation");
  const [draft, setDraft] = useState<WorkflowInput>(props.initial);
  const [nameError, setNameError] = useState<string | null>(null);
  const fields = useObjectFields(draft.object_type);
  const errors = problemsByPath(t, props.error);
  const shown = shownPaths(draft);
  const other = Object.entries(errors).filter(([path]) => !shown.has(path));
  const set = (change: Partial<WorkflowInput>) => setDraft((d) => ({ ...d, ...change }));

  const submit = () => {
    if (!draft.name.trim()) {
      setNameError(t("builder.nameRequired"));
      return;
    }
    setNameError(null);
    props.onSave(toInput(draft));
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      noValidate
    >
      <Stack>
        {props.error !== null && props.error !== undefined && (
          <Alert color="red" c="dark" role="alert">
            {describeError(t, props.error)}
            {other.map(([path, message]) => (
              <Text key={path} size="sm">
                {path}: {message}
              </Text>
            ))}
          </Alert>
        )}
        <TextInput
          label={t("builder.name")}
          required
          value={draft.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          error={nameError ?? errors.name}
          data-autofocus
        />
        <Textarea
          label={t("builder.description")}
          autosize
          minRows={1}
          value={draft.description ?? ""}
          onChange={(e) => set({ description: e.currentTarget.value })}
          error={errors.description}
        />
        <Select
          label={t("builder.objectType")}
          description={t("builder.objectTypeHint")}
          data={OBJECT_TYPES.map((o) => ({ value: o, label: t(`objects.${o}`) }))}
          value={draft.object_type}
          onChange={(v) => {
            if (!v || v === draft.object_type) return;
            // Fields differ between kinds of record: start the trigger and conditions afresh.
            set({ object_type: v as ObjectType, trigger: { type: "created" }, condition: null });
          }}
          allowDeselect={false}
          error={errors.object_type}
        />
        <Section
          title={t("builder.when")}
          icon={<IconBolt size={18} aria-hidden />}
          hint={t("builder.whenHint")}
        >
          <TriggerFields
            objectType={draft.object_type}
            trigger={draft.trigger}
            errors={errors}
            onChange={(trigger) => set({ trigger })}
          />
        </Section>
        <Section title={t("builder.onlyIf")} hint={t("builder.onlyIfHint")}>
          <FilterBuilder
            key={draft.object_type}
            fields={fields.all}
            value={conditionsOf(draft.condition)}
            onChange={(conditions: Condition[]) => set({ condition: fromConditions(conditions) })}
            addLabel={t("builder.addCondition")}
            emptyText={t("builder.noConditions")}
          />
          {errors.condition && (
            <Text c="red.8" size="sm">
              {errors.condition}
            </Text>
          )}
        </Section>
        <Section title={t("builder.then")} hint={t("builder.thenHint")}>
          <Steps
            objectType={draft.object_type}
            actions={draft.actions}
            errors={errors}
            onChange={(actions) => set({ actions })}
          />
          {errors.actions && (
            <Text c="red.8" size="sm">
              {errors.actions}
            </Text>
          )}
        </Section>
        <Switch
          label={t("builder.active")}
          description={t("builder.activeHint")}
          checked={draft.active}
          onChange={(e) => set({ active: e.currentTarget.checked })}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onCancel}>
            {t("common:cancel")}
          </Button>
          <Button type="submit" loading={props.saving}>
            {props.submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
