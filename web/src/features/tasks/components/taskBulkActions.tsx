import { Select, TextInput } from "@mantine/core";
import { IconCalendarEvent, IconCheck, IconTrash, IconUserShare } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Task } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import type { BulkAction } from "../../../ui/list/BulkBar";
import { useUserOptions } from "../../users/hooks/useUsers";
import { useTasksBulk } from "../hooks/useTasks";

/** Mark done, reassign, reschedule and delete the selected tasks. */
export function useTaskBulkActions(): (rows: Task[]) => BulkAction[] {
  const { t } = useTranslation("tasks");
  const fmt = useFormat();
  const users = useUserOptions();
  const bulk = useTasksBulk();

  return (rows) => [
    {
      key: "complete",
      label: t("bulk.complete"),
      icon: <IconCheck size={16} aria-hidden />,
      title: (what) => t("bulk.completeTitle", { what }),
      confirm: (what) => t("bulk.completeConfirm", { what }),
      run: () => bulk.complete(rows),
    },
    {
      key: "reassign",
      label: t("bulk.reassign"),
      icon: <IconUserShare size={16} aria-hidden />,
      title: (what) => t("bulk.reassignTitle", { what }),
      input: (value, set) => (
        <Select
          label={t("bulk.assignee")}
          data={users}
          value={value || null}
          onChange={(v) => set(v ?? "")}
          searchable
          data-autofocus
        />
      ),
      confirm: (what, value) =>
        value
          ? t("bulk.reassignConfirm", {
              what,
              name: users.find((u) => u.value === value)?.label ?? "",
            })
          : null,
      run: (value) => bulk.reassign(rows, value),
    },
    {
      key: "reschedule",
      label: t("bulk.reschedule"),
      icon: <IconCalendarEvent size={16} aria-hidden />,
      title: (what) => t("bulk.rescheduleTitle", { what }),
      input: (value, set) => (
        <TextInput
          type="datetime-local"
          label={t("bulk.newDue")}
          value={value}
          onChange={(e) => set(e.currentTarget.value)}
          data-autofocus
        />
      ),
      confirm: (what, value) => {
        const when = value ? new Date(value) : null;
        return when && !Number.isNaN(when.getTime())
          ? t("bulk.rescheduleConfirm", { what, when: `${fmt.date(when)}, ${fmt.time(when)}` })
          : null;
      },
      run: (value) => bulk.reschedule(rows, new Date(value).toISOString()),
    },
    {
      key: "delete",
      label: t("bulk.delete"),
      icon: <IconTrash size={16} aria-hidden />,
      danger: true,
      title: (what) => t("bulk.deleteTitle", { what }),
      confirm: (what) => t("bulk.deleteConfirm", { what }),
      run: () => bulk.remove(rows),
    },
  ];
}
