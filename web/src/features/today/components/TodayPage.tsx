import {
  Anchor,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { totalsByCurrency, useFormat } from "../../../i18n/format";
import { useErrorMessage } from "../../../ui/errors";
import { ActivityIcon } from "../../activities/components/ActivityIcon";
import { useRecentActivities } from "../../activities/hooks/useActivities";
import { useMe } from "../../auth/hooks/useMe";
import { TaskItem } from "../../tasks/components/TaskItem";
import { LazyTaskForm as TaskForm } from "../../tasks/forms/LazyTaskForm";
import { useTaskList } from "../../tasks/hooks/useTasks";
import { closingThisMonthFilter, useClosingThisMonth } from "../hooks/useToday";

function greetingKey(hour: number) {
  if (hour < 12) return "morning";
  if (hour < 17) return "afternoon";
  return "evening";
}

function MyTasks() {
  const { t } = useTranslation(["today", "tasks"]);
  const errorText = useErrorMessage();
  const tasks = useTaskList({ view: "today", sort: "due_at" }, { limit: 50 });
  const [opened, modal] = useDisclosure(false);
  const open = tasks.items.filter((task) => !task.done).length;

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="today-tasks">
      <Group justify="space-between" mb="xs">
        <div>
          <Title order={2} size="h4" id="today-tasks">
            {t("tasksTitle")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("tasksLeft", { count: open })}
          </Text>
        </div>
        <Button
          variant="light"
          size="sm"
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={modal.open}
        >
          {t("tasks:add")}
        </Button>
      </Group>
      {tasks.isError ? (
        <Text c="red.9" role="alert" py="sm">
          {errorText(tasks.error)}
        </Text>
      ) : tasks.isPending ? (
        <Stack gap="xs">
          <Skeleton height={56} />
          <Skeleton height={56} />
        </Stack>
      ) : tasks.items.length === 0 ? (
        <Text c="dimmed" py="md" ta="center">
          {t("noTasks")}
        </Text>
      ) : (
        <Stack component="ul" gap={0} p={0} m={0} aria-label={t("tasksTitle")}>
          {tasks.items.map((task) => (
            <TaskItem key={task.id} task={task} />
          ))}
        </Stack>
      )}
      <Anchor
        component={Link}
        to="/tasks?view=upcoming"
        size="sm"
        c="brand.8"
        mt="sm"
        display="inline-block"
      >
        {t("allTasks")}
      </Anchor>
      <Modal opened={opened} onClose={modal.close} title={t("tasks:newTask")}>
        <TaskForm onDone={modal.close} />
      </Modal>
    </Paper>
  );
}

function ClosingThisMonth({ ownerId }: { ownerId: string | undefined }) {
  const { t } = useTranslation("today");
  const fmt = useFormat();
  const deals = useClosingThisMonth(ownerId);
  const errorText = useErrorMessage();
  const items = deals.data?.items ?? [];
  const totals = totalsByCurrency(items);
  const listHref = ownerId
    ? `/deals?filter=${encodeURIComponent(JSON.stringify(closingThisMonthFilter(ownerId)))}&sort=expected_close_date`
    : "/deals";

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="today-deals">
      <Title order={2} size="h4" id="today-deals">
        {t("closingTitle")}
      </Title>
      {deals.isError ? (
        <Text c="red.9" py="sm">
          {errorText(deals.error)}
        </Text>
      ) : deals.isPending ? (
        <Skeleton height={80} mt="sm" />
      ) : (
        <>
          <Group gap="lg" my="sm" data-testid="closing-total">
            {totals.length === 0 ? (
              <Text c="dimmed">{t("noDeals")}</Text>
            ) : (
              totals.map((x) => (
                <div key={x.currency}>
                  <Text fw={700} size="xl" className="tabular">
                    {fmt.money(x.amount, x.currency)}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {t("dealCount", { count: x.count })}
                  </Text>
                </div>
              ))
            )}
          </Group>
          <Stack gap={0}>
            {items.slice(0, 5).map((d) => (
              <Group
                key={d.id}
                justify="space-between"
                wrap="nowrap"
                py={8}
                style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}
              >
                <div style={{ minWidth: 0 }}>
                  <Anchor
                    component={Link}
                    to={`/deals/${d.id}`}
                    fw={600}
                    c="brand.8"
                    truncate="end"
                    display="block"
                  >
                    {d.name}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {t("closes", { date: fmt.dayMonth(d.expected_close_date) })}
                  </Text>
                </div>
                <Text className="tabular" fw={600} style={{ whiteSpace: "nowrap" }}>
                  {fmt.money(d.amount, d.currency)}
                </Text>
              </Group>
            ))}
          </Stack>
          {items.length > 0 && (
            <Anchor component={Link} to={listHref} size="sm" c="brand.8">
              {t("allDeals", { count: items.length })}
            </Anchor>
          )}
        </>
      )}
    </Paper>
  );
}

function RecentActivity({ ownerId }: { ownerId: string | undefined }) {
  const { t } = useTranslation(["today", "activities"]);
  const fmt = useFormat();
  const recent = useRecentActivities(ownerId);
  const errorText = useErrorMessage();
  const items = recent.data?.items ?? [];
  const href = (a: (typeof items)[number]) =>
    a.deal_id
      ? `/deals/${a.deal_id}`
      : a.person_id
        ? `/people/${a.person_id}`
        : a.company_id
          ? `/companies/${a.company_id}`
          : "#";

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="today-activity">
      <Title order={2} size="h4" id="today-activity" mb="xs">
        {t("recentTitle")}
      </Title>
      {recent.isError ? (
        <Text c="red.9">{errorText(recent.error)}</Text>
      ) : recent.isPending ? (
        <Skeleton height={120} />
      ) : items.length === 0 ? (
        <Text c="dimmed">{t("noActivity")}</Text>
      ) : (
        <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
          {items.map((a) => (
            <Group
              key={a.id}
              component="li"
              wrap="nowrap"
              gap="sm"
              py={8}
              style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}
            >
              <ActivityIcon kind={a.kind} size={32} />
              <div style={{ minWidth: 0, flex: 1 }}>
                <Anchor
                  component={Link}
                  to={href(a)}
                  c="dark"
                  fw={500}
                  truncate="end"
                  display="block"
                >
                  {a.subject}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {t(`activities:kind.${a.kind}`)} · {fmt.relative(a.occurred_at)}
                </Text>
              </div>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

export function TodayPage() {
  const { t } = useTranslation("today");
  const fmt = useFormat();
  const me = useMe();
  const now = new Date();
  const firstName = me?.display_name.split(" ")[0] ?? "";

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {t(`greeting.${greetingKey(now.getHours())}`, { name: firstName })}
        </Title>
        <Text c="dimmed">{fmt.date(now)}</Text>
      </div>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <MyTasks />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <ClosingThisMonth ownerId={me?.id} />
            <RecentActivity ownerId={me?.id} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
