import {
  Button,
  Fieldset,
  Group,
  Input,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueries } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { isApiError } from "../../../api/errors";
import type { TicketRule } from "../../../api/types";
import { describeFieldProblem, useNotify } from "../../../ui/errors";
import { companiesKey, useCompanySearch } from "../../companies/hooks/useCompanies";
import { useCustomerTiers, useQueues } from "../hooks/useDeskSetup";
import { useSaveTicketRule } from "../hooks/useTicketRules";
import { CHANNELS, PRIORITIES, TYPES } from "../options";
import { type RuleValues, ruleBody, ruleFieldKey, ruleValues, validateRule } from "./ruleForm";

/** Companies picked by search; the ones a saved rule already names are looked up by id. */
function CompanyPicker(props: {
  value: string[];
  onChange: (ids: string[]) => void;
  error?: React.ReactNode;
}) {
  const { t } = useTranslation("tickets");
  const [search, setSearch] = useState("");
  const found = useCompanySearch(search);
  const [picked, setPicked] = useState<Record<string, string>>({});
  const saved = useQueries({
    queries: props.value
      .filter((id) => !picked[id])
      .map((id) => ({
        queryKey: [...companiesKey, "one", id],
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          unwrap(
            api.GET("/api/v1/companies/{company_id}", {
              params: { path: { company_id: id } },
              signal,
            }),
          ),
        staleTime: 5 * 60_000,
      })),
  });
  const names: Record<string, string> = { ...picked };
  for (const q of saved) if (q.data) names[q.data.id] ??= q.data.name;
  for (const c of found.items) names[c.id] ??= c.name;
  const ids = new Set([...props.value, ...found.items.map((c) => c.id)]);
  return (
    <MultiSelect
      label={t("setup.rules.companies")}
      placeholder={t("setup.rules.companiesHint")}
      data={[...ids].map((id) => ({ value: id, label: names[id] ?? id }))}
      value={props.value}
      onChange={(next) => {
        setPicked((p) => {
          const out = { ...p };
          for (const id of next) if (names[id]) out[id] = names[id];
          return out;
        });
        props.onChange(next);
      }}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options} // the server already matched what was typed
      error={props.error}
    />
  );
}

export function RuleForm(props: {
  rule: TicketRule | null;
  /** Where a new rule goes (after the others). */
  position: number;
  onDone: () => void;
}) {
  const { t } = useTranslation("tickets");
  const save = useSaveTicketRule();
  const queues = useQueues();
  const tiers = useCustomerTiers();
  const notify = useNotify();
  const r = props.rule;
  const form = useForm<RuleValues>({
    initialValues: ruleValues(r),
    validate: (v) => validateRule(v, t),
  });
  const submit = form.onSubmit((v) =>
    save.mutate(
      { id: r?.id, version: r?.version, body: ruleBody(v, r?.position ?? props.position) },
      {
        onSuccess: () => {
          notify.success(t("setup.saved"));
          props.onDone();
        },
        onError: (e) => {
          const errors: Record<string, string> = {};
          if (isApiError(e))
            for (const p of e.problem.errors ?? [])
              errors[ruleFieldKey(p.field)] ??= describeFieldProblem(t, p);
          if (Object.keys(errors).length) form.setErrors(errors);
          else notify.error(e);
        },
      },
    ),
  );
  const tierNames = (tiers.data ?? []).map((x) => x.name);
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t("setup.name")}
          required
          data-autofocus
          {...form.getInputProps("name")}
        />
        <Fieldset legend={t("setup.rules.conditions")} variant="filled">
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              {t("setup.rules.conditionsHint")}
            </Text>
            <TagsInput
              label={t("setup.rules.subjectWords")}
              description={t("setup.rules.enterHint")}
              {...form.getInputProps("subject_words")}
            />
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <MultiSelect
                label={t("field.channel")}
                data={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
                {...form.getInputProps("channel")}
              />
              <MultiSelect
                label={t("field.type")}
                data={TYPES.map((c) => ({ value: c, label: t(`type.${c}`) }))}
                {...form.getInputProps("type")}
              />
            </SimpleGrid>
            <TagsInput
              label={t("field.tags")}
              description={t("setup.rules.enterHint")}
              {...form.getInputProps("tags")}
            />
            <CompanyPicker
              value={form.values.company_ids}
              onChange={(ids) => form.setFieldValue("company_ids", ids)}
              error={form.errors.company_ids}
            />
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              {tierNames.length ? (
                <MultiSelect
                  label={t("setup.rules.tiers")}
                  data={tierNames}
                  {...form.getInputProps("tiers")}
                />
              ) : (
                <Input.Wrapper label={t("setup.rules.tiers")} error={form.errors.tiers}>
                  <Text size="sm" mt={6} data-testid="no-tiers">
                    {t("setup.rules.noTiers")}
                  </Text>
                </Input.Wrapper>
              )}
              <TextInput
                size="sm"
                label={t("setup.rules.minValue")}
                inputMode="decimal"
                {...form.getInputProps("min_lifetime_value")}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <Select
            label={t("field.queue")}
            required
            data={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
            {...form.getInputProps("queue_id")}
          />
          <Select
            label={t("setup.rules.setPriority")}
            placeholder={t("setup.rules.keepPriority")}
            data={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
            clearable
            {...form.getInputProps("set_priority")}
          />
        </SimpleGrid>
        <Switch
          label={t("setup.rules.enabled")}
          {...form.getInputProps("enabled", { type: "checkbox" })}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t("setup.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
