import {
  ActionIcon,
  Button,
  Fieldset,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { formErrorHandler, useNotify } from "../../../ui/errors";
import { useDeleteRule, useSaveRule } from "../hooks/useSocialSettings";
import {
  ACTION_TYPES,
  INTENTS,
  KEYWORD_KINDS,
  LANGUAGES,
  PLATFORMS,
  POST_KINDS,
  PRIORITIES,
  SENTIMENTS,
} from "../options";
import type { SocialRule } from "../types";
import { type ActionDraft, draftErrors, draftFrom, emptyAction, rulePayload } from "./ruleDraft";

const OPTION_PREFIX = {
  platforms: ["platform", PLATFORMS],
  kinds: ["kind", POST_KINDS],
  languages: ["language", LANGUAGES],
  sentiments: ["sentiment", SENTIMENTS],
  intents: ["intent", INTENTS],
  priorities: ["priority", PRIORITIES],
  keyword_kinds: ["keywordKind", KEYWORD_KINDS],
} as const;

/** Conditions (every stated one must hold) → actions, edited as a whole and saved with If-Match. */
export function RuleForm(props: { rule: SocialRule | null; onDone: () => void }) {
  const { t } = useTranslation("social");
  const save = useSaveRule();
  const remove = useDeleteRule();
  const notify = useNotify();
  const r = props.rule;
  const form = useForm({
    initialValues: draftFrom(r),
    validate: (values) =>
      Object.fromEntries(
        Object.entries(draftErrors(values)).map(([k]) => [k, t("settings.required")]),
      ),
  });
  const submit = form.onSubmit((v) =>
    save.mutate(
      { id: r?.id, version: r?.version, body: rulePayload(v) },
      {
        onSuccess: () => {
          notify.success(t("settings.saved"));
          props.onDone();
        },
        onError: formErrorHandler(t, form, notify),
      },
    ),
  );
  const setAction = (i: number, changes: Partial<ActionDraft>) =>
    form.setFieldValue(
      "actions",
      form.values.actions.map((a, j) => (j === i ? { ...a, ...changes } : a)),
    );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t("settings.name")}
          required
          data-autofocus
          {...form.getInputProps("name")}
        />
        <Fieldset legend={t("settings.rules.conditions")}>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
            {(Object.keys(OPTION_PREFIX) as (keyof typeof OPTION_PREFIX)[]).map((key) => {
              const [prefix, values] = OPTION_PREFIX[key];
              return (
                <MultiSelect
                  key={key}
                  label={t(`settings.rules.cond.${key}`)}
                  placeholder={form.values[key].length ? undefined : t("filter.any")}
                  data={values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }))}
                  clearable
                  {...form.getInputProps(key)}
                />
              );
            })}
            <TagsInput
              label={t("settings.rules.cond.keywords_any")}
              description={t("settings.rules.keywordsHint")}
              {...form.getInputProps("keywords_any")}
            />
            <NumberInput
              label={t("settings.rules.cond.min_intent_confidence")}
              min={0}
              max={1}
              step={0.05}
              decimalScale={2}
              {...form.getInputProps("min_intent_confidence")}
            />
            <NumberInput
              label={t("settings.rules.cond.min_priority_score")}
              min={0}
              max={100}
              {...form.getInputProps("min_priority_score")}
            />
            <NumberInput
              label={t("settings.rules.cond.min_followers")}
              min={0}
              thousandSeparator
              {...form.getInputProps("min_followers")}
            />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t("settings.rules.actions")}>
          <Stack gap="xs">
            {form.values.actions.map((a, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: actions have no ids; their order is the identity
              <Group key={i} gap="xs" align="flex-end" wrap="wrap">
                <Select
                  label={t("settings.rules.actionType")}
                  data={ACTION_TYPES.map((x) => ({ value: x, label: t(`action.${x}`) }))}
                  value={a.type}
                  onChange={(v) => v && setAction(i, { type: v as ActionDraft["type"] })}
                  allowDeselect={false}
                  w={170}
                />
                {(a.type === "route" || a.type === "copy") && (
                  <TextInput
                    label={t("filter.team")}
                    value={a.team}
                    onChange={(e) => setAction(i, { team: e.currentTarget.value })}
                    error={form.errors[`actions.${i}.team`]}
                    w={200}
                  />
                )}
                {a.type === "ticket" && (
                  <>
                    <TextInput
                      label={t("convert.queue")}
                      value={a.queue}
                      onChange={(e) => setAction(i, { queue: e.currentTarget.value })}
                      error={form.errors[`actions.${i}.queue`]}
                      w={200}
                    />
                    <Select
                      label={t("filter.priority")}
                      placeholder={t("settings.rules.fromPost")}
                      data={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
                      value={a.priority}
                      onChange={(v) => setAction(i, { priority: v })}
                      clearable
                      w={150}
                    />
                  </>
                )}
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="lg"
                  aria-label={t("settings.rules.removeAction")}
                  disabled={form.values.actions.length === 1}
                  onClick={() =>
                    form.setFieldValue(
                      "actions",
                      form.values.actions.filter((_, j) => j !== i),
                    )
                  }
                >
                  <IconTrash size={18} aria-hidden />
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="default"
                size="compact-sm"
                leftSection={<IconPlus size={14} aria-hidden />}
                disabled={form.values.actions.length >= 10}
                onClick={() =>
                  form.setFieldValue("actions", [...form.values.actions, emptyAction("copy")])
                }
              >
                {t("settings.rules.addAction")}
              </Button>
            </Group>
          </Stack>
        </Fieldset>
        <Group gap="lg">
          <Switch
            label={t("settings.enabled")}
            {...form.getInputProps("enabled", { type: "checkbox" })}
          />
          <Switch
            label={t("settings.rules.stop")}
            {...form.getInputProps("stop", { type: "checkbox" })}
          />
        </Group>
        <Group justify="space-between">
          {r ? (
            <Button
              color="red"
              variant="subtle"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(r.id, { onSuccess: props.onDone, onError: notify.error })
              }
            >
              {t("settings.delete")}
            </Button>
          ) : (
            <span />
          )}
          <Button type="submit" loading={save.isPending}>
            {t("settings.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
