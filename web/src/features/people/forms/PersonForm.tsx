import { Button, Group, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import type { LifecycleStage, Person } from "../../../api/types";
import { fieldMessages, useNotify } from "../../../ui/errors";
import { CompanyPicker } from "../../companies/components/CompanyPicker";
import { useCreatePerson } from "../hooks/usePeople";
import { LIFECYCLE_STAGES } from "../lifecycle";

/** A new person: a name and one way to reach them is enough. */
export function PersonForm(props: {
  onCreated: (person: Person) => void;
  onCancel: () => void;
  companyId?: string;
}) {
  const { t } = useTranslation("people");
  const create = useCreatePerson();
  const notify = useNotify();
  const form = useForm({
    initialValues: {
      given_name: "",
      family_name: "",
      email: "",
      phone: "",
      city: "",
      lifecycle_stage: "lead" as LifecycleStage,
      company_id: props.companyId ?? null,
    },
    validate: {
      given_name: (v, values) => (v.trim() || values.family_name.trim() ? null : t("nameRequired")),
    },
  });

  const submit = form.onSubmit((v) =>
    create.mutate(
      {
        given_name: v.given_name.trim() || null,
        family_name: v.family_name.trim() || null,
        emails: v.email.trim() ? [{ email: v.email.trim(), label: "work", primary: true }] : [],
        phones: v.phone.trim() ? [{ number: v.phone.trim(), label: "mobile", primary: true }] : [],
        city: v.city.trim() || null,
        lifecycle_stage: v.lifecycle_stage,
        company_id: v.company_id,
        social_handles: [],
        tags: [],
        custom_fields: {},
      },
      {
        onSuccess: (person) => {
          notify.success(t("created", { name: person.display_name }));
          props.onCreated(person);
        },
        onError: (error) => {
          const messages = fieldMessages(t, error);
          if (Object.keys(messages).length) {
            form.setErrors({
              ...messages,
              ...(messages.emails ? { email: messages.emails } : {}),
              ...(messages.phones ? { phone: messages.phones } : {}),
            });
          } else notify.error(error);
        },
      },
    ),
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label={t("field.given_name")}
            autoComplete="off"
            data-autofocus
            {...form.getInputProps("given_name")}
          />
          <TextInput
            label={t("field.family_name")}
            autoComplete="off"
            {...form.getInputProps("family_name")}
          />
        </SimpleGrid>
        <TextInput
          label={t("field.email")}
          type="email"
          inputMode="email"
          {...form.getInputProps("email")}
        />
        <TextInput
          label={t("field.phone")}
          type="tel"
          inputMode="tel"
          description={t("phoneHint")}
          {...form.getInputProps("phone")}
        />
        <CompanyPicker
          label={t("field.company")}
          value={form.values.company_id}
          onChange={(id) => form.setFieldValue("company_id", id)}
          error={form.errors.company_id as string | undefined}
        />
        <TextInput label={t("field.city")} {...form.getInputProps("city")} />
        <Select
          label={t("field.lifecycle_stage")}
          data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))}
          allowDeselect={false}
          {...form.getInputProps("lifecycle_stage")}
        />
        <Group justify="flex-end" mt="xs">
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
