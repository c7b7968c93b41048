import { Button, Group, MultiSelect, Select, Stack, Switch, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { Locale, Role, User, UserUpdate } from "../../../api/types";
import { useNotify } from "../../../ui/errors";
import { type Conflict, ConflictDialog } from "../../../ui/record/ConflictDialog";
import { useTeams, useUpdateUser } from "../hooks/useSettings";
import { defined, useVersionedUpdate } from "../hooks/useVersionedSave";
import { LANGUAGES, ROLES } from "./NewUserForm";

interface Values {
  display_name: string;
  role: Role;
  team_ids: string[];
  locale: Locale;
  timezone: string;
  is_active: boolean;
}

const valuesOf = (u: User): Values => ({
  display_name: u.display_name,
  role: u.role,
  team_ids: u.team_ids ?? [],
  locale: (u.locale as Locale) ?? "en",
  timezone: u.timezone,
  is_active: u.is_active,
});

/** Only what changed is sent. */
export function userChanges(user: User, v: Values): UserUpdate {
  const before = valuesOf(user);
  const changes: UserUpdate = {};
  if (v.display_name.trim() !== before.display_name) changes.display_name = v.display_name.trim();
  if (v.role !== before.role) changes.role = v.role;
  if ([...v.team_ids].sort().join() !== [...before.team_ids].sort().join())
    changes.team_ids = v.team_ids;
  if (v.locale !== before.locale) changes.locale = v.locale;
  if (v.timezone !== before.timezone) changes.timezone = v.timezone;
  if (v.is_active !== before.is_active) changes.is_active = v.is_active;
  return changes;
}

const ZONES: string[] = (() => {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [];
  }
})();

/** A user's name, role, teams, language, time zone and whether they may sign in. */
export function UserEditForm(props: { user: User; self: boolean; onDone: () => void }) {
  const { t } = useTranslation("settings");
  const { user, self, onDone } = props;
  const notify = useNotify();
  const update = useUpdateUser();
  const teams = useTeams();
  const form = useForm<Values>({ initialValues: valuesOf(user) });
  const teamName = useMemo(() => {
    const names = new Map((teams.data ?? []).map((tm) => [tm.id, tm.name]));
    return (id: string) => names.get(id) ?? id;
  }, [teams.data]);
  const zones = ZONES.includes(user.timezone) ? ZONES : [user.timezone, ...ZONES];
  const saver = useVersionedUpdate<User, UserUpdate>(user, update, {
    onSaved: () => {
      notify.success(t("users.saved", { name: form.values.display_name.trim() }));
      onDone();
    },
    onDiscard: (current) => form.setValues(valuesOf(current)),
  });

  const shown = (x: Partial<User>): Record<string, unknown> => ({
    ...x,
    role: x.role && t(`roles.${x.role}`),
    team_ids: x.team_ids?.map(teamName),
    is_active: x.is_active === undefined ? undefined : t(x.is_active ? "common:yes" : "common:no"),
  });
  const c = saver.conflict;
  const conflict: Conflict<Record<string, unknown>> | null = c
    ? { base: shown(c.base), current: shown(c.current), changes: defined(shown(c.changes)) }
    : null;
  const labels: Record<string, string> = {
    display_name: t("users.name"),
    role: t("users.role"),
    team_ids: t("users.teams"),
    locale: t("users.language"),
    timezone: t("users.timezone"),
    is_active: t("users.active"),
    email: t("users.email"),
    last_login_at: t("users.lastLogin"),
  };

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        if (!v.display_name.trim()) {
          form.setFieldError("display_name", t("users.nameRequired"));
          return;
        }
        const changes = userChanges(user, v);
        if (Object.keys(changes).length === 0) onDone();
        else void saver.saveChanges(changes);
      })}
    >
      <Stack gap="sm">
        <TextInput label={t("users.email")} value={user.email} readOnly variant="filled" />
        <TextInput
          label={t("users.name")}
          required
          data-autofocus
          maxLength={200}
          {...form.getInputProps("display_name")}
          error={form.errors.display_name ?? saver.errors.display_name}
        />
        <Select
          label={t("users.role")}
          description={self ? t("users.selfLocked") : undefined}
          data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          allowDeselect={false}
          disabled={self}
          {...form.getInputProps("role")}
          error={saver.errors.role}
        />
        <MultiSelect
          size="md"
          label={t("users.teams")}
          data={(teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }))}
          searchable
          hidePickedOptions
          {...form.getInputProps("team_ids")}
          error={saver.errors.team_ids}
        />
        <Group grow align="flex-start">
          <Select
            label={t("users.language")}
            data={LANGUAGES}
            allowDeselect={false}
            {...form.getInputProps("locale")}
            error={saver.errors.locale}
          />
          <Select
            label={t("users.timezone")}
            data={zones}
            searchable
            allowDeselect={false}
            limit={50}
            {...form.getInputProps("timezone")}
            error={saver.errors.timezone}
          />
        </Group>
        <Switch
          label={t("users.activeLabel")}
          description={self ? t("users.selfLocked") : t("users.activeHint")}
          disabled={self}
          {...form.getInputProps("is_active", { type: "checkbox" })}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t("common:cancel")}
          </Button>
          <Button type="submit" loading={saver.busy}>
            {t("common:save")}
          </Button>
        </Group>
      </Stack>
      <ConflictDialog
        conflict={conflict}
        label={(field) => labels[field] ?? field}
        onReapply={() => void saver.reapply()}
        onDiscard={saver.discard}
        busy={saver.busy}
      />
    </form>
  );
}
