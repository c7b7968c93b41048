import { Button, Group, Select, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import type { Company, CompanySize } from "../../../api/types";
import { formErrorHandler, useNotify } from "../../../ui/errors";
import { useCreateCompany } from "../hooks/useCompanies";
import { COMPANY_SIZES } from "../sizes";

export function CompanyForm(props: {
  onCreated: (company: Company) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation("companies");
  const create = useCreateCompany();
  const notify = useNotify();
  const form = useForm({
    initialValues: {
      name: "",
      domain: "",
      industry: "",
      city: "",
      size: null as CompanySize | null,
    },
    validate: { name: (v) => (v.trim() ? null : t("nameRequired")) },
  });
  const submit = form.onSubmit((v) =>
    create.mutate(
      {
        name: v.name.trim(),
        domain: v.domain.trim() || null,
        industry: v.industry.trim() || null,
        city: v.city.trim() || null,
        size: v.size,
        tags: [],
        custom_fields: {},
      },
      {
        onSuccess: (company) => {
          notify.success(t("created", { name: company.name }));
          props.onCreated(company);
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
        <TextInput
          label={t("field.domain")}
          placeholder="example.com"
          {...form.getInputProps("domain")}
        />
        <TextInput label={t("field.industry")} {...form.getInputProps("industry")} />
        <TextInput label={t("field.city")} {...form.getInputProps("city")} />
        <Select
          label={t("field.size")}
          data={COMPANY_SIZES}
          clearable
          {...form.getInputProps("size")}
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
