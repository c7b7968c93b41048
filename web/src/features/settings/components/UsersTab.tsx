import {
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Role, User } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { fieldMessages, useNotify } from "../../../ui/errors";
import { useUsers } from "../../users/hooks/useUsers";
import { useCreateUser, useTeams, useUpdateUser } from "../hooks/useSettings";

export const ROLES: Role[] = [
  "admin",
  "manager",
  "sales",
  "service",
  "marketing",
  "analyst",
  "read-only",
];

function NewUserForm({ onDone }: { onDone: () => void }) {
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
            onError: (error) => {
              const m = fieldMessages(t, error);
              if (Object.keys(m).length) form.setErrors(m);
              else notify.error(error);
            },
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
          data={[
            { value: "en", label: "English" },
            { value: "bn", label: "বাংলা" },
            { value: "hi", label: "हिन्दी" },
          ]}
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

export function UsersTab() {
  const { t } = useTranslation("settings");
  const fmt = useFormat();
  const users = useUsers({ includeInactive: true });
  const update = useUpdateUser();
  const notify = useNotify();
  const [opened, modal] = useDisclosure(false);
  const change = (user: User, changes: Parameters<typeof update.mutate>[0]["changes"]) =>
    update.mutate(
      { user, changes },
      { onError: notify.error, onSuccess: () => notify.success(t("saved")) },
    );

  return (
    <Stack>
      <Group justify="space-between">
        <Text c="dimmed">{t("users.intro")}</Text>
        <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={modal.open}>
          {t("users.new")}
        </Button>
      </Group>
      <Paper withBorder radius="md" style={{ overflowX: "auto" }}>
        <Table verticalSpacing="sm" miw={640}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("users.name")}</Table.Th>
              <Table.Th>{t("users.role")}</Table.Th>
              <Table.Th>{t("users.lastLogin")}</Table.Th>
              <Table.Th>{t("users.active")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data ?? []).map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>
                  <Text fw={600}>{u.display_name}</Text>
                  <Text size="sm" c="dimmed">
                    {u.email}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={t("users.roleOf", { name: u.display_name })}
                    data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                    value={u.role}
                    allowDeselect={false}
                    onChange={(role) =>
                      role && role !== u.role && change(u, { role: role as Role })
                    }
                    size="sm"
                    w={160}
                  />
                </Table.Td>
                <Table.Td>
                  {u.last_login_at ? (
                    fmt.relative(u.last_login_at)
                  ) : (
                    <Badge variant="light" color="gray">
                      {t("users.never")}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={t("users.activeOf", { name: u.display_name })}
                    checked={u.is_active}
                    onChange={(e) => change(u, { is_active: e.currentTarget.checked })}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Modal opened={opened} onClose={modal.close} title={t("users.new")}>
        <NewUserForm onDone={modal.close} />
      </Modal>
    </Stack>
  );
}
