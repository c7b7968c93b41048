import {
  Anchor,
  Button,
  Checkbox,
  Group,
  Modal,
  ScrollArea,
  SegmentedControl,
  Text,
} from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import type { Task, TaskView } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { andAll } from "../../../lib/filter";
import type { ListParams } from "../../../lib/useListParams";
import { useNotify } from "../../../ui/errors";
import { RecordListView } from "../../../ui/list/RecordListView";
import type { Column, FilterFieldDef, SortOption } from "../../../ui/list/types";
import { useUserNames, useUserOptions } from "../../users/hooks/useUsers";
import { LazyTaskForm as TaskForm } from "../forms/LazyTaskForm";
import { taskPages, useCompleteTask, useReopenTask, useTaskList } from "../hooks/useTasks";
import { isOverdue } from "./TaskItem";
import { useTaskBulkActions } from "./taskBulkActions";

type ViewKey = TaskView | "open" | "done";

function viewParams(view: ViewKey, params: ListParams) {
  if (view === "open" || view === "done") {
    return {
      ...params,
      view: undefined,
      filter: andAll({ field: "done", op: "eq", value: view === "done" }, params.filter),
    };
  }
  return { ...params, view };
}

function useView(): ViewKey {
  const [search] = useSearchParams();
  const v = search.get("view");
  return v === "overdue" || v === "upcoming" || v === "open" || v === "done" ? v : "today";
}

/** The list hook for this page: the view (today, overdue, …) lives in the URL too. */
function useTasksView(params: ListParams) {
  const view = useView();
  return useTaskList(viewParams(view, params));
}

function TaskTitle({ task }: { task: Task }) {
  const { t } = useTranslation("tasks");
  const complete = useCompleteTask();
  const reopen = useReopenTask();
  const notify = useNotify();
  return (
    <Group gap="sm" wrap="nowrap">
      <Checkbox
        size="md"
        radius="xl"
        checked={task.done}
        aria-label={
          task.done
            ? t("reopenLabel", { title: task.title })
            : t("completeLabel", { title: task.title })
        }
        onChange={() =>
          task.done
            ? reopen.mutate(task, { onError: notify.error })
            : complete.mutate(task, { onError: notify.error })
        }
      />
      <Text
        fw={500}
        td={task.done ? "line-through" : undefined}
        c={task.done ? "dimmed" : undefined}
        // Wraps on a desk; on a phone (one line per row) it ends with an ellipsis.
        style={{
          overflowWrap: "anywhere",
          minWidth: 0,
          overflow: "hidden",
          textOverflow: "ellipsis",
        }}
      >
        {task.title}
      </Text>
    </Group>
  );
}

function RelatedLink({ task }: { task: Task }) {
  const { t } = useTranslation("tasks");
  if (task.deal_id)
    return (
      <Anchor component={Link} to={`/deals/${task.deal_id}`} size="sm" c="brand.8">
        {t("openDeal")}
      </Anchor>
    );
  if (task.person_id)
    return (
      <Anchor component={Link} to={`/people/${task.person_id}`} size="sm" c="brand.8">
        {t("openPerson")}
      </Anchor>
    );
  if (task.company_id)
    return (
      <Anchor component={Link} to={`/companies/${task.company_id}`} size="sm" c="brand.8">
        {t("openCompany")}
      </Anchor>
    );
  return null;
}

export function TasksPage() {
  const { t } = useTranslation("tasks");
  const fmt = useFormat();
  const view = useView();
  const [, setSearch] = useSearchParams();
  const assignee = useUserNames();
  const owners = useUserOptions();
  const bulkActions = useTaskBulkActions();
  const [creating, createModal] = useDisclosure(false);
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });

  const columns: Column<Task>[] = [
    {
      key: "title",
      header: t("title"),
      render: (task) => <TaskTitle task={task} />,
      csv: (task) => task.title,
      phone: "title",
    },
    {
      key: "due",
      nowrap: true,
      header: t("dueAt"),
      render: (task) =>
        task.due_at ? (
          <Text
            size="sm"
            c={isOverdue(task) ? "red.9" : undefined}
            fw={isOverdue(task) ? 600 : undefined}
          >
            {fmt.dateTime(task.due_at)}
          </Text>
        ) : null,
      csv: (task) => task.due_at,
      phone: "subtitle",
    },
    {
      key: "priority",
      header: t("priorityLabel"),
      render: (task) => t(`priority.${task.priority}`),
      csv: (task) => task.priority,
    },
    {
      key: "assignee",
      nowrap: true,
      header: t("assignee"),
      render: (task) => assignee(task.assignee_id),
      csv: (task) => assignee(task.assignee_id),
    },
    {
      key: "related",
      header: t("related"),
      render: (task) => <RelatedLink task={task} />,
      phone: "subtitle",
    },
  ];
  const filterFields: FilterFieldDef[] = [
    {
      field: "priority",
      label: t("priorityLabel"),
      type: "enum",
      options: (["low", "normal", "high", "urgent"] as const).map((p) => ({
        value: p,
        label: t(`priority.${p}`),
      })),
    },
    { field: "assignee_id", label: t("assignee"), type: "user", options: owners },
    { field: "due_at", label: t("dueAt"), type: "datetime" },
    { field: "done", label: t("doneLabel"), type: "boolean" },
  ];
  const sortOptions: SortOption[] = [
    { value: "due_at", label: t("sort.dueSoon") },
    { value: "-due_at", label: t("sort.dueLate") },
    { value: "-created_at", label: t("sort.newest") },
  ];
  const views: ViewKey[] = ["today", "overdue", "upcoming", "open", "done"];

  return (
    <>
      <RecordListView<Task>
        title={t("pageTitle")}
        noun={(count) => t("noun", { count })}
        columns={columns}
        filterFields={filterFields}
        sortOptions={sortOptions}
        defaultSort="due_at"
        useList={useTasksView}
        pageFetcher={(params) => taskPages(viewParams(view, params))}
        exportName="tasks"
        getId={(task) => task.id}
        getLabel={(task) => task.title}
        bulkActions={bulkActions}
        searchPlaceholder={t("search")}
        emptyText={t(`empty.${view}`)}
        actions={
          <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={createModal.open}>
            {t("add")}
          </Button>
        }
        quickFilters={() => (
          <ScrollArea type="never">
            <SegmentedControl
              aria-label={t("viewLabel")}
              value={view}
              onChange={(v) =>
                setSearch(
                  (prev) => {
                    const next = new URLSearchParams(prev);
                    next.set("view", v);
                    return next;
                  },
                  { replace: true },
                )
              }
              data={views.map((v) => ({ value: v, label: t(`view.${v}`) }))}
              fullWidth={!phone}
            />
          </ScrollArea>
        )}
      />
      <Modal opened={creating} onClose={createModal.close} title={t("newTask")} fullScreen={phone}>
        <TaskForm onDone={createModal.close} />
      </Modal>
    </>
  );
}
