import { Button, Group, MultiSelect, PasswordInput, Select, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import type { Role } from "../../../api/types";
import { formErrorHandler, useNotify } from "../../../ui/errors";
import { useCreateUser, useTeams } from "../hooks/useSettings";

export const ROLES: Role[] = [
  "admin",
  "manager",
  "sales",
  "service",
  "marketing",
  "analyst",
  "read-only",
];

/** Language names in their own script: whoever reads the list finds theirs. */
export const LANGUAGES = [
  { value: "en", label: "English" },
  { value: "bn", label: "বাংলা" },
  { value: "hi", label: "हिन्दी" },
];

export function NewUserForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation("settings");
  const create = useCreateUser();
  const teams = useTeams();
  const notify = useNotify();
  const form = useForm({
    initialValues: {
      email: "",
      display_name: "",
      role: "sales" as Role,
      password: "",
      team_ids: [] as string[],
      locale: "en" as "en" | "bn" | "hi",
    },
  });
  return (
    <form
      onSubmit={form.onSubmit((v) =>
        create.mutate(
          {
            ...v,
            password: v.password || null,
            timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || "Asia/Dhaka",
          },
          {
            onSuccess: () => {
              notify.success(t("users.created"));
              onDone();
            },
            onError: formErrorHandler(t, form, notify),
          },
        ),
      )}
    >
      <Stack gap="sm">
        <TextInput
          label={t("users.email")}
          type="email"
          required
          data-autofocus
          {...form.getInputProps("email")}
        />
        <TextInput label={t("users.name")} required {...form.getInputProps("display_name")} />
        <Select
          label={t("users.role")}
          data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          allowDeselect={false}
          {...form.getInputProps("role")}
        />
        <MultiSelect
          label={t("users.teams")}
          data={(teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }))}
          {...form.getInputProps("team_ids")}
        />
        <Select
          label={t("users.language")}
          data={LANGUAGES}
          allowDeselect={false}
          {...form.getInputProps("locale")}
        />
        <PasswordInput
          label={t("users.password")}
          description={t("users.passwordHint")}
          autoComplete="new-password"
          {...form.getInputProps("password")}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t("common:cancel")}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t("users.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
