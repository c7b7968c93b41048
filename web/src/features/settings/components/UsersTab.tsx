import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconLockPassword, IconPencil, IconPlus } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Role, User, UserUpdate } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { useNotify } from "../../../ui/errors";
import { type Conflict, ConflictDialog } from "../../../ui/record/ConflictDialog";
import { useMe } from "../../auth/hooks/useMe";
import { useUsers } from "../../users/hooks/useUsers";
import { useTeams, useUpdateUser } from "../hooks/useSettings";
import { defined, useVersionedUpdate } from "../hooks/useVersionedSave";
import { NewUserForm, ROLES } from "./NewUserForm";
import { PasswordResetDialog } from "./PasswordResetDialog";
import { UserEditForm } from "./UserEditForm";

/** One user: role and sign-in switch edited in place, the rest in a dialog. */
function UserRow(props: {
  user: User;
  self: boolean;
  teamNames: (ids: string[]) => string;
  onEdit: () => void;
  onResetPassword: () => void;
}) {
  const { t } = useTranslation("settings");
  const fmt = useFormat();
  const notify = useNotify();
  const update = useUpdateUser();
  const { user: u, self } = props;
  const saver = useVersionedUpdate<User, UserUpdate>(u, update, {
    onSaved: () => notify.success(t("saved")),
  });
  const c = saver.conflict;
  const shown = (x: Partial<User>): Record<string, unknown> => ({
    display_name: x.display_name,
    role: x.role && t(`roles.${x.role}`),
    is_active: x.is_active === undefined ? undefined : t(x.is_active ? "common:yes" : "common:no"),
  });
  const conflict: Conflict<Record<string, unknown>> | null = c
    ? { base: shown(c.base), current: shown(c.current), changes: shown(c.changes) }
    : null;

  return (
    <Table.Tr data-testid={`user-${u.email}`}>
      <Table.Td>
        <Group gap={6}>
          <Text fw={600}>{u.display_name}</Text>
          {self && (
            <Badge variant="light" size="sm">
              {t("users.you")}
            </Badge>
          )}
        </Group>
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
          disabled={self || saver.busy}
          error={saver.errors.role}
          onChange={(role) =>
            role && role !== u.role && void saver.saveChanges({ role: role as Role })
          }
          size="sm"
          w={160}
        />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{props.teamNames(u.team_ids ?? []) || "—"}</Text>
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
          disabled={self || saver.busy}
          onChange={(e) => void saver.saveChanges({ is_active: e.currentTarget.checked })}
        />
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Tooltip label={t("users.edit", { name: u.display_name })} openDelay={400}>
            <ActionIcon
              variant="subtle"
              color="gray"
              size={36}
              aria-label={t("users.edit", { name: u.display_name })}
              onClick={props.onEdit}
            >
              <IconPencil size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
          {!self && (
            <Tooltip label={t("users.reset.open", { name: u.display_name })} openDelay={400}>
              <ActionIcon
                variant="subtle"
                color="gray"
                size={36}
                aria-label={t("users.reset.open", { name: u.display_name })}
                onClick={props.onResetPassword}
              >
                <IconLockPassword size={18} aria-hidden />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
        <ConflictDialog
          conflict={
            conflict && {
              base: conflict.base,
              current: conflict.current,
              changes: defined(conflict.changes),
            }
          }
          label={(field) =>
            ({
              display_name: t("users.name"),
              role: t("users.role"),
              is_active: t("users.active"),
            })[field] ?? field
          }
          onReapply={() => void saver.reapply()}
          onDiscard={saver.discard}
          busy={saver.busy}
        />
      </Table.Td>
    </Table.Tr>
  );
}

export function UsersTab() {
  const { t } = useTranslation("settings");
  const users = useUsers({ includeInactive: true });
  const teams = useTeams();
  const me = useMe();
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const [opened, modal] = useDisclosure(false);
  // The user as read when the dialog opened: saving sends that version (If-Match).
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const teamNames = useMemo(() => {
    const names = new Map((teams.data ?? []).map((tm) => [tm.id, tm.name]));
    return (ids: string[]) =>
      ids
        .map((id) => names.get(id))
        .filter(Boolean)
        .join(", ");
  }, [teams.data]);

  return (
    <Stack>
      <Group justify="space-between">
        <Text c="dimmed">{t("users.intro")}</Text>
        <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={modal.open}>
          {t("users.new")}
        </Button>
      </Group>
      <Paper withBorder radius="md" style={{ overflowX: "auto" }}>
        <Table verticalSpacing="sm" miw={860}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("users.name")}</Table.Th>
              <Table.Th>{t("users.role")}</Table.Th>
              <Table.Th>{t("users.teams")}</Table.Th>
              <Table.Th>{t("users.lastLogin")}</Table.Th>
              <Table.Th>{t("users.active")}</Table.Th>
              <Table.Th w={96}>
                <VisuallyHidden>{t("users.actions")}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data ?? []).map((u) => (
              <UserRow
                key={u.id}
                user={u}
                self={u.id === me?.id}
                teamNames={teamNames}
                onEdit={() => setEditing(u)}
                onResetPassword={() => setResetting(u)}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Modal
        closeButtonProps={{ "aria-label": t("close") }}
        opened={opened}
        onClose={modal.close}
        title={t("users.new")}
        fullScreen={phone}
      >
        <NewUserForm onDone={modal.close} />
      </Modal>
      <Modal
        closeButtonProps={{ "aria-label": t("close") }}
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? t("users.edit", { name: editing.display_name }) : ""}
        fullScreen={phone}
      >
        {editing && (
          <UserEditForm
            user={editing}
            self={editing.id === me?.id}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
      <PasswordResetDialog user={resetting} onClose={() => setResetting(null)} />
    </Stack>
  );
}
