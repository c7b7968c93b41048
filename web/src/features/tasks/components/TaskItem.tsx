import { ActionIcon, Badge, Checkbox, Group, Modal, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPencil } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Task } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { useNotify } from "../../../ui/errors";
import { LazyTaskForm } from "../forms/LazyTaskForm";
import { useCompleteTask, useReopenTask } from "../hooks/useTasks";
import classes from "./TaskItem.module.css";

const PRIORITY_COLOR = { low: "gray", normal: "blue", high: "orange", urgent: "red" } as const;

export function isOverdue(task: Task, now = new Date()): boolean {
  return !task.done && Boolean(task.due_at) && new Date(task.due_at!) < now;
}

/** A task with a big tick target: complete it with one tap. */
export function TaskItem({ task, extra }: { task: Task; extra?: React.ReactNode }) {
  const { t } = useTranslation("tasks");
  const fmt = useFormat();
  const notify = useNotify();
  const complete = useCompleteTask();
  const reopen = useReopenTask();
  const overdue = isOverdue(task);
  const [editing, edit] = useDisclosure(false);

  const toggle = () => {
    if (task.done) reopen.mutate(task, { onError: notify.error });
    else
      complete.mutate(task, {
        onError: notify.error,
        onSuccess: () => notify.success(t("completed", { title: task.title })),
      });
  };

  return (
    <Group
      component="li"
      wrap="nowrap"
      gap="sm"
      className={classes.item}
      data-done={task.done || undefined}
    >
      <Checkbox
        size="md"
        radius="xl"
        checked={task.done}
        onChange={toggle}
        aria-label={
          task.done
            ? t("reopenLabel", { title: task.title })
            : t("completeLabel", { title: task.title })
        }
        className={classes.check}
      />
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Text
          fw={500}
          td={task.done ? "line-through" : undefined}
          c={task.done ? "dimmed" : undefined}
          style={{ overflowWrap: "anywhere" }}
        >
          {task.title}
        </Text>
        <Group gap={6}>
          {task.due_at && (
            <Text
              size="sm"
              c={overdue ? "red.9" : "dimmed"}
              fw={overdue ? 600 : undefined}
              title={fmt.dateTime(task.due_at)}
            >
              {overdue
                ? t("overdue", { when: fmt.relative(task.due_at) })
                : t("due", { when: fmt.dateTime(task.due_at) })}
            </Text>
          )}
          {task.priority !== "normal" && (
            <Badge size="sm" variant="light" color={PRIORITY_COLOR[task.priority]}>
              {t(`priority.${task.priority}`)}
            </Badge>
          )}
          {extra}
        </Group>
      </Stack>
      {!task.done && (
        <ActionIcon
          variant="subtle"
          color="gray"
          onClick={edit.open}
          aria-label={t("editLabel", { title: task.title })}
        >
          <IconPencil size={18} aria-hidden />
        </ActionIcon>
      )}
      <Modal opened={editing} onClose={edit.close} title={t("editTask")}>
        {editing && <LazyTaskForm task={task} onDone={edit.close} />}
      </Modal>
    </Group>
  );
}
