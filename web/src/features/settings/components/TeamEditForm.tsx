import { Button, Group, MultiSelect, Stack, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { Team, TeamUpdate } from "../../../api/types";
import { useNotify } from "../../../ui/errors";
import { type Conflict, ConflictDialog } from "../../../ui/record/ConflictDialog";
import { useUsers } from "../../users/hooks/useUsers";
import { useUpdateTeam } from "../hooks/useSettings";
import { defined, useVersionedUpdate } from "../hooks/useVersionedSave";

interface Values {
  name: string;
  description: string;
  member_ids: string[];
  lead_ids: string[];
}

const valuesOf = (team: Team): Values => ({
  name: team.name,
  description: team.description ?? "",
  member_ids: team.member_ids ?? [],
  lead_ids: team.lead_ids ?? [],
});

const same = (a: string[], b: string[]) => [...a].sort().join() === [...b].sort().join();

/** Only what the admin changed is sent, so a concurrent edit of another field survives. */
export function teamChanges(team: Team, v: Values): TeamUpdate {
  const before = valuesOf(team);
  const changes: TeamUpdate = {};
  if (v.name.trim() !== before.name) changes.name = v.name.trim();
  if (v.description.trim() !== before.description)
    changes.description = v.description.trim() || null;
  if (!same(v.member_ids, before.member_ids)) changes.member_ids = v.member_ids;
  const leads = v.lead_ids.filter((id) => v.member_ids.includes(id));
  if (!same(leads, before.lead_ids)) changes.lead_ids = leads;
  return changes;
}

/** Rename a team, describe it, and choose its members and leads (PATCH with If-Match). */
export function TeamEditForm({ team, onDone }: { team: Team; onDone: () => void }) {
  const { t } = useTranslation("settings");
  const notify = useNotify();
  const update = useUpdateTeam();
  const users = useUsers({ includeInactive: true });
  const form = useForm<Values>({ initialValues: valuesOf(team) });
  const options = useMemo(
    () =>
      (users.data ?? []).map((u) => ({
        value: u.id,
        label: u.is_active ? u.display_name : t("teams.inactiveName", { name: u.display_name }),
      })),
    [users.data, t],
  );
  const nameOf = (id: string) => options.find((o) => o.value === id)?.label ?? id;
  const saver = useVersionedUpdate<Team, TeamUpdate>(team, update, {
    onSaved: () => {
      notify.success(t("teams.saved"));
      onDone();
    },
    onDiscard: (current) => form.setValues(valuesOf(current)),
  });

  const shown = (x: Partial<Team>) => ({
    ...x,
    member_ids: x.member_ids?.map(nameOf),
    lead_ids: x.lead_ids?.map(nameOf),
  });
  const c = saver.conflict;
  const conflict = c
    ? ({
        base: shown(c.base),
        current: shown(c.current),
        changes: defined(shown(c.changes)),
      } as Conflict<Record<string, unknown>>)
    : null;
  const leadOptions = options.filter((o) => form.values.member_ids.includes(o.value));

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        if (!v.name.trim()) {
          form.setFieldError("name", t("teams.nameRequired"));
          return;
        }
        const changes = teamChanges(team, v);
        if (Object.keys(changes).length === 0) onDone();
        else void saver.saveChanges(changes);
      })}
    >
      <Stack gap="sm">
        <TextInput
          label={t("teams.name")}
          required
          data-autofocus
          maxLength={200}
          {...form.getInputProps("name")}
          error={form.errors.name ?? saver.errors.name}
        />
        <Textarea
          label={t("teams.description")}
          autosize
          minRows={2}
          maxLength={1000}
          {...form.getInputProps("description")}
          error={saver.errors.description}
        />
        <MultiSelect
          size="md"
          label={t("teams.members")}
          data={options}
          searchable
          hidePickedOptions
          {...form.getInputProps("member_ids")}
          onChange={(ids) => {
            form.setFieldValue("member_ids", ids);
            form.setFieldValue(
              "lead_ids",
              form.values.lead_ids.filter((id) => ids.includes(id)),
            );
          }}
          error={saver.errors.member_ids}
        />
        <MultiSelect
          size="md"
          label={t("teams.leads")}
          description={t("teams.leadsHint")}
          data={leadOptions}
          searchable
          hidePickedOptions
          {...form.getInputProps("lead_ids")}
          error={saver.errors.lead_ids}
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
        label={(field) =>
          ({
            name: t("teams.name"),
            description: t("teams.description"),
            member_ids: t("teams.members"),
            lead_ids: t("teams.leads"),
          })[field] ?? field
        }
        onReapply={() => void saver.reapply()}
        onDiscard={saver.discard}
        busy={saver.busy}
      />
    </form>
  );
}
