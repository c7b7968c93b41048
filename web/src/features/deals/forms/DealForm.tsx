import { Button, Group, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Deal, Person, Pipeline } from "../../../api/types";
import { formErrorHandler, useNotify } from "../../../ui/errors";
import { CompanyPicker } from "../../companies/components/CompanyPicker";
import { PersonPicker } from "../../people/components/PersonPicker";
import { useCreateDeal } from "../hooks/useDeals";

export const CURRENCIES = ["BDT", "INR", "USD", "EUR", "GBP"];

export function DealForm(props: {
  pipeline: Pipeline;
  stageId?: string;
  links?: { person_id?: string | null; company_id?: string | null };
  defaultCurrency?: string;
  onCreated: (deal: Deal) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation("deals");
  const create = useCreateDeal();
  const notify = useNotify();
  const form = useForm({
    initialValues: {
      name: "",
      amount: "",
      currency: props.defaultCurrency ?? "BDT",
      stage_id: props.stageId ?? props.pipeline.stages[0]?.id ?? "",
      expected_close_date: "",
      person_id: props.links?.person_id ?? null,
      company_id: props.links?.company_id ?? null,
    },
    validate: {
      name: (v) => (v.trim() ? null : t("nameRequired")),
      amount: (v) => (v === "" || /^\d+(\.\d{1,2})?$/.test(v.trim()) ? null : t("amountInvalid")),
    },
  });
  // The person's company fills the company in, unless someone chose one by hand.
  const [filledFrom, setFilledFrom] = useState<string | null>(null);
  const pickPerson = (id: string | null, person: Person | null) => {
    form.setFieldValue("person_id", id);
    const chosenByHand = form.values.company_id && !filledFrom;
    if (chosenByHand) return;
    if (person?.company_id) {
      form.setFieldValue("company_id", person.company_id);
      setFilledFrom(person.display_name);
    } else if (filledFrom) {
      form.setFieldValue("company_id", null);
      setFilledFrom(null);
    }
  };
  const submit = form.onSubmit((v) =>
    create.mutate(
      {
        name: v.name.trim(),
        pipeline_id: props.pipeline.id,
        stage_id: v.stage_id,
        status: "open",
        amount: v.amount.trim() || null,
        currency: v.currency,
        expected_close_date: v.expected_close_date || null,
        person_id: v.person_id,
        company_id: v.company_id,
        tags: [],
        custom_fields: {},
      },
      {
        onSuccess: (deal) => {
          notify.success(t("created", { name: deal.name }));
          props.onCreated(deal);
        },
        onError: formErrorHandler(t, form, notify),
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t("field.name")}
          required
          data-autofocus
          {...form.getInputProps("name")}
        />
        <SimpleGrid cols={2} spacing="sm">
          <TextInput
            label={t("field.amount")}
            inputMode="decimal"
            {...form.getInputProps("amount")}
          />
          <Select
            label={t("field.currency")}
            data={CURRENCIES}
            allowDeselect={false}
            {...form.getInputProps("currency")}
          />
        </SimpleGrid>
        <Select
          label={t("field.stage")}
          data={props.pipeline.stages.map((s) => ({ value: s.id, label: s.name }))}
          allowDeselect={false}
          {...form.getInputProps("stage_id")}
        />
        <PersonPicker
          label={t("field.person")}
          value={form.values.person_id}
          onChange={pickPerson}
          error={form.errors.person_id as string | undefined}
        />
        <CompanyPicker
          label={t("field.company")}
          value={form.values.company_id}
          onChange={(id) => {
            setFilledFrom(null);
            form.setFieldValue("company_id", id);
          }}
          description={filledFrom ? t("companyFromPerson", { name: filledFrom }) : undefined}
          error={form.errors.company_id as string | undefined}
        />
        <TextInput
          label={t("field.expected_close_date")}
          type="date"
          {...form.getInputProps("expected_close_date")}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onCancel}>
            {t("common:cancel")}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t("create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
