import {
  ActionIcon,
  Button,
  Group,
  MultiSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { fieldMessages, useNotify } from "../../../ui/errors";
import { useUserNames, useUserOptions } from "../../users/hooks/useUsers";
import { useCreateTeam, useDeleteTeam, useTeams } from "../hooks/useSettings";

export function TeamsTab() {
  const { t } = useTranslation("settings");
  const teams = useTeams();
  const create = useCreateTeam();
  const remove = useDeleteTeam();
  const notify = useNotify();
  const userName = useUserNames();
  const users = useUserOptions();
  const form = useForm({ initialValues: { name: "", member_ids: [] as string[] } });

  return (
    <Stack>
      <Paper withBorder radius="md" p="md">
        <form
          onSubmit={form.onSubmit((v) =>
            create.mutate(
              { name: v.name.trim(), member_ids: v.member_ids, lead_ids: [] },
              {
                onSuccess: () => {
                  form.reset();
                  notify.success(t("teams.created"));
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
          <Group align="flex-end">
            <TextInput
              label={t("teams.name")}
              required
              style={{ flex: 1, minWidth: 200 }}
              {...form.getInputProps("name")}
            />
            <MultiSelect
              label={t("teams.members")}
              data={users}
              searchable
              style={{ flex: 2, minWidth: 240 }}
              {...form.getInputProps("member_ids")}
            />
            <Button type="submit" loading={create.isPending}>
              {t("teams.create")}
            </Button>
          </Group>
        </form>
      </Paper>
      <Paper withBorder radius="md" style={{ overflowX: "auto" }}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("teams.name")}</Table.Th>
              <Table.Th>{t("teams.members")}</Table.Th>
              <Table.Th w={60}>
                <span style={{ position: "absolute", left: -9999 }}>{t("common:delete")}</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(teams.data ?? []).length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={3}>
                  <Text c="dimmed">{t("teams.empty")}</Text>
                </Table.Td>
              </Table.Tr>
            )}
            {(teams.data ?? []).map((team) => (
              <Table.Tr key={team.id}>
                <Table.Td fw={600}>{team.name}</Table.Td>
                <Table.Td>{(team.member_ids ?? []).map(userName).join(", ")}</Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red.9"
                    aria-label={t("teams.delete", { name: team.name })}
                    onClick={() => remove.mutate(team.id, { onError: notify.error })}
                  >
                    <IconTrash size={18} aria-hidden />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}
