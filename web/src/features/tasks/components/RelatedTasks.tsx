import { Button, Group, Modal, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { TaskCreate } from "../../../api/types";
import { LazyTaskForm as TaskForm } from "../forms/LazyTaskForm";
import { useTaskList } from "../hooks/useTasks";
import { TaskItem } from "./TaskItem";

type Links = Pick<TaskCreate, "person_id" | "company_id" | "deal_id">;

/** A record's open tasks, and a button to add one with a reminder. */
export function RelatedTasks(props: {
  field: "person_id" | "company_id" | "deal_id";
  id: string;
  links?: Links;
}) {
  const { t } = useTranslation("tasks");
  const [opened, modal] = useDisclosure(false);
  const list = useTaskList(
    {
      filter: {
        and: [
          { field: props.field, op: "eq", value: props.id },
          { field: "done", op: "eq", value: false },
        ],
      },
      sort: "due_at",
    },
    { limit: 20 },
  );

  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t("openTasks")}
        </Title>
        <Button
          variant="light"
          size="sm"
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={modal.open}
        >
          {t("add")}
        </Button>
      </Group>
      {list.isPending ? (
        <Skeleton height={60} />
      ) : list.items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t("noneOpen")}
        </Text>
      ) : (
        <Stack component="ul" gap={0} p={0} m={0}>
          {list.items.map((task) => (
            <TaskItem key={task.id} task={task} />
          ))}
        </Stack>
      )}
      <Modal opened={opened} onClose={modal.close} title={t("newTask")}>
        <TaskForm links={{ ...props.links, [props.field]: props.id }} onDone={modal.close} />
      </Modal>
    </Paper>
  );
}
