import { Button, Group, NumberInput, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/format";
import { formErrorHandler, useNotify } from "../../../ui/errors";
import { RecordTable, RemoveIconButton } from "../../../ui/record/RecordTable";
import { useCreateTerm, useDeleteTerm, useTerms, useUpdateTerm } from "../hooks/useSocialSettings";

/** Word weights that win over the lexicons: admins' own, and those learned from corrections. */
export function TermsTab() {
  const { t } = useTranslation("social");
  const fmt = useFormat();
  const manual = useTerms("manual");
  const learned = useTerms("learned");
  const create = useCreateTerm();
  const update = useUpdateTerm();
  const remove = useDeleteTerm();
  const notify = useNotify();
  const form = useForm({
    initialValues: { term: "", weight: 0.5 as number | "", brand: "" },
    validate: {
      term: (v) => (v.trim() ? null : t("settings.required")),
      weight: (v) => (v === "" ? t("settings.required") : null),
    },
  });
  const submit = form.onSubmit((v) =>
    create.mutate(
      { term: v.term.trim(), weight: Number(v.weight), brand: v.brand.trim() },
      {
        onSuccess: () => form.reset(),
        onError: formErrorHandler(t, form, notify),
      },
    ),
  );
  const weight = (w: number) => `${w > 0 ? "+" : ""}${fmt.number(w)}`;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t("settings.terms.intro")}
      </Text>
      <form onSubmit={submit} noValidate>
        <Group gap="xs" align="flex-start">
          <TextInput label={t("settings.terms.term")} {...form.getInputProps("term")} w={180} />
          <NumberInput
            label={t("settings.terms.weight")}
            description={t("settings.terms.weightHint")}
            min={-1}
            max={1}
            step={0.1}
            decimalScale={2}
            {...form.getInputProps("weight")}
            w={150}
          />
          <TextInput
            label={t("settings.terms.brand")}
            description={t("settings.terms.brandHint")}
            {...form.getInputProps("brand")}
            w={160}
          />
          <Button
            type="submit"
            mt={45}
            leftSection={<IconPlus size={16} aria-hidden />}
            loading={create.isPending}
          >
            {t("settings.keywords.add")}
          </Button>
        </Group>
      </form>
      <RecordTable
        rows={manual.data}
        minWidth={420}
        columns={[
          { header: t("settings.terms.term"), cell: (x) => x.term },
          {
            header: t("settings.terms.weight"),
            cell: (x) => weight(x.weight),
            className: "tabular",
          },
          {
            header: t("settings.terms.brand"),
            cell: (x) => x.brand || t("settings.terms.allBrands"),
          },
          {
            cell: (x) => (
              <RemoveIconButton
                label={t("settings.keywords.remove", { term: x.term })}
                onClick={() => remove.mutate(x.id, { onError: notify.error })}
              />
            ),
          },
        ]}
      />
      <Title order={3} size="h5" mt="md">
        {t("settings.terms.learned")}
      </Title>
      <Text size="sm" c="dimmed">
        {t("settings.terms.learnedIntro")}
      </Text>
      {(learned.data ?? []).length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("settings.terms.noLearned")}
        </Text>
      ) : (
        <RecordTable
          rows={learned.data}
          minWidth={420}
          columns={[
            { header: t("settings.terms.term"), cell: (x) => x.term },
            {
              header: t("settings.terms.votes"),
              cell: (x) => `+${x.positive_votes} / −${x.negative_votes} / =${x.neutral_votes}`,
              className: "tabular",
            },
            {
              header: t("settings.terms.weight"),
              cell: (x) => weight(x.weight),
              className: "tabular",
            },
            {
              header: t("settings.terms.active"),
              cell: (x) => (
                <Switch
                  checked={x.active}
                  aria-label={t("settings.terms.activate", { term: x.term })}
                  onChange={(e) =>
                    update.mutate(
                      {
                        id: x.id,
                        version: x.version,
                        changes: { active: e.currentTarget.checked },
                      },
                      { onError: notify.error },
                    )
                  }
                />
              ),
            },
          ]}
        />
      )}
    </Stack>
  );
}
