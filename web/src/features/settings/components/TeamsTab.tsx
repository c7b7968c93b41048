import {
  ActionIcon,
  Button,
  Group,
  Modal,
  MultiSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMediaQuery } from "@mantine/hooks";
import { IconPencil } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Team } from "../../../api/types";
import { formErrorHandler, useNotify } from "../../../ui/errors";
import { useUserNames, useUserOptions } from "../../users/hooks/useUsers";
import { useCreateTeam, useDeleteTeam, useTeams } from "../hooks/useSettings";
import { ConfirmDelete } from "./ConfirmDelete";
import { TeamEditForm } from "./TeamEditForm";

export function TeamsTab() {
  const { t } = useTranslation("settings");
  const teams = useTeams();
  const create = useCreateTeam();
  const remove = useDeleteTeam();
  const notify = useNotify();
  const userName = useUserNames();
  const users = useUserOptions();
  const form = useForm({ initialValues: { name: "", member_ids: [] as string[] } });
  const [editing, setEditing] = useState<Team | null>(null);
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });

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
                onError: formErrorHandler(t, form, notify),
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
              <Table.Th w={96}>
                <VisuallyHidden>{t("teams.actions")}</VisuallyHidden>
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
              <Table.Tr key={team.id} data-testid={`team-${team.name}`}>
                <Table.Td>
                  <Text fw={600}>{team.name}</Text>
                  {team.description && (
                    <Text size="sm" c="dimmed">
                      {team.description}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {(team.member_ids ?? [])
                    .map((id) =>
                      (team.lead_ids ?? []).includes(id)
                        ? t("teams.leadName", { name: userName(id) })
                        : userName(id),
                    )
                    .join(", ") || <Text c="dimmed">{t("teams.noMembers")}</Text>}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size={36}
                      aria-label={t("teams.edit", { name: team.name })}
                      onClick={() => setEditing(team)}
                    >
                      <IconPencil size={18} aria-hidden />
                    </ActionIcon>
                    <ConfirmDelete
                      label={t("teams.delete", { name: team.name })}
                      title={t("teams.deleteTitle", { name: team.name })}
                      body={t("teams.deleteBody", { name: team.name })}
                      onConfirm={() =>
                        remove
                          .mutateAsync(team.id)
                          .then(() => notify.success(t("teams.deleted", { name: team.name })))
                      }
                    />
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      {/* The team as it was read: saving sends that version, so a change made meanwhile by
          someone else comes back as a conflict instead of being overwritten. */}
      <Modal
        closeButtonProps={{ "aria-label": t("close") }}
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? t("teams.edit", { name: editing.name }) : ""}
        fullScreen={phone}
      >
        {editing && <TeamEditForm team={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}
