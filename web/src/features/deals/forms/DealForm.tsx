import { Button, Group, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import type { Deal, Pipeline } from "../../../api/types";
import { fieldMessages, useNotify } from "../../../ui/errors";
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
    },
    validate: {
      name: (v) => (v.trim() ? null : t("nameRequired")),
      amount: (v) => (v === "" || /^\d+(\.\d{1,2})?$/.test(v.trim()) ? null : t("amountInvalid")),
    },
  });
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
        tags: [],
        custom_fields: {},
        ...props.links,
      },
      {
        onSuccess: (deal) => {
          notify.success(t("created", { name: deal.name }));
          props.onCreated(deal);
        },
        onError: (error) => {
          const messages = fieldMessages(t, error);
          if (Object.keys(messages).length) form.setErrors(messages);
          else notify.error(error);
        },
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
