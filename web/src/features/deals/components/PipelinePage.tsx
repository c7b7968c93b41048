import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  MouseSensor,
  TouchSensor,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import {
  Alert,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Skeleton,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconChartBar, IconList, IconPlus } from "@tabler/icons-react";
import { lazy, Suspense, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import type { Deal, Pipeline, Stage, StageSummary } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import type { FilterNode } from "../../../lib/filter";
import { useErrorMessage, useNotify } from "../../../ui/errors";
import { useUserNames } from "../../users/hooks/useUsers";
import { DealForm } from "../forms/DealForm";
import { useDealSummary, useDealsWhere, useMoveDeal, usePipelines } from "../hooks/useDeals";
import { CloseDealDialog } from "./CloseDealDialog";
import { DealCard, type DealCardActions, DealCardBody } from "./DealCard";
import classes from "./Pipeline.module.css";

// Charts (recharts) load only when someone asks for them.
const PipelineChart = lazy(() => import("./PipelineChart"));

const OPEN: FilterNode = { field: "status", op: "eq", value: "open" };

function StageColumn(props: {
  pipeline: Pipeline;
  stage: Stage;
  summary?: StageSummary;
  actions: DealCardActions;
}) {
  const { t } = useTranslation("deals");
  const fmt = useFormat();
  const ownerName = useUserNames();
  const { setNodeRef, isOver } = useDroppable({ id: props.stage.id });
  const deals = useDealsWhere(
    {
      and: [
        { field: "pipeline_id", op: "eq", value: props.pipeline.id },
        { field: "stage_id", op: "eq", value: props.stage.id },
        OPEN,
      ],
    },
    { sort: "expected_close_date", limit: 50 },
  );
  const headingId = `stage-${props.stage.id}`;
  const count = props.summary?.count ?? deals.items.length;

  return (
    <section
      ref={setNodeRef}
      className={classes.column}
      data-over={isOver || undefined}
      aria-labelledby={headingId}
      data-testid={`stage-${props.stage.name}`}
    >
      <div className={classes.columnHeader}>
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Title order={2} size="h5" id={headingId}>
            {props.stage.name}
          </Title>
          <Text size="sm" c="dimmed" className="tabular" aria-label={t("countLabel", { count })}>
            {fmt.number(count)}
          </Text>
        </Group>
        <Text size="sm" fw={600} className="tabular" c="gray.8" data-testid="stage-total">
          {(props.summary?.totals ?? [])
            .map((x) => fmt.money(x.amount, x.currency, { compact: true }))
            .join(" + ") || "—"}
        </Text>
        <Text size="xs" c="dimmed">
          {t("probability", { value: props.stage.probability })}
        </Text>
      </div>
      {deals.isPending ? (
        <Stack gap={8}>
          <Skeleton height={84} radius="md" />
          <Skeleton height={84} radius="md" />
        </Stack>
      ) : (
        <ul className={classes.cards} aria-label={props.stage.name}>
          {deals.items.map((deal) => (
            <DealCard
              key={deal.id}
              deal={deal}
              ownerName={ownerName(deal.owner_id)}
              actions={props.actions}
            />
          ))}
        </ul>
      )}
      {deals.hasNextPage && (
        <Button
          variant="subtle"
          fullWidth
          mt="xs"
          loading={deals.isFetchingNextPage}
          onClick={() => void deals.fetchNextPage()}
        >
          {t("common:list.loadMore")}
        </Button>
      )}
    </section>
  );
}

export function PipelinePage() {
  const { t } = useTranslation("deals");
  const fmt = useFormat();
  const errorText = useErrorMessage();
  const notify = useNotify();
  const navigate = useNavigate();
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const [search, setSearch] = useSearchParams();
  const pipelines = usePipelines();
  const pipeline = useMemo(() => {
    const all = pipelines.data ?? [];
    return (
      all.find((p) => p.id === search.get("pipeline")) ?? all.find((p) => p.is_default) ?? all[0]
    );
  }, [pipelines.data, search]);
  const summary = useDealSummary(pipeline?.id, OPEN);
  const move = useMoveDeal();
  const [dragging, setDragging] = useState<Deal | null>(null);
  const [closing, setClosing] = useState<{ deal: Deal; status: "won" | "lost" } | null>(null);
  const [creating, createModal] = useDisclosure(false);
  const [chart, chartToggle] = useDisclosure(false);
  const ownerName = useUserNames();

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 220, tolerance: 8 } }),
  );

  const stageName = (id: string) => pipeline?.stages.find((s) => s.id === id)?.name ?? "";
  const doMove = (deal: Deal, stageId: string) => {
    if (deal.stage_id === stageId) return;
    move.mutate(
      { deal, stageId },
      {
        onSuccess: () => notify.success(t("moved", { name: deal.name, stage: stageName(stageId) })),
        onError: (error) => notify.error(error),
      },
    );
  };
  const actions: DealCardActions = {
    stages: pipeline?.stages ?? [],
    onMove: doMove,
    onClose: (deal, status) => setClosing({ deal, status }),
  };

  const onDragStart = (event: DragStartEvent) =>
    setDragging((event.active.data.current?.deal as Deal) ?? null);
  const onDragEnd = (event: DragEndEvent) => {
    setDragging(null);
    const deal = event.active.data.current?.deal as Deal | undefined;
    if (deal && event.over) doMove(deal, String(event.over.id));
  };

  const openTotals = useMemo(() => {
    const sums = new Map<string, number>();
    for (const s of summary.data?.stages ?? [])
      for (const x of s.totals)
        sums.set(x.currency, (sums.get(x.currency) ?? 0) + Number(x.amount));
    return [...sums.entries()];
  }, [summary.data]);

  if (pipelines.isError) return <Alert color="red">{errorText(pipelines.error)}</Alert>;

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={0}>
          <Title order={1} size="h2">
            {t("pipeline")}
          </Title>
          <Text c="dimmed" size="sm" className="tabular">
            {openTotals.map(([cur, amount]) => fmt.money(amount, cur)).join(" + ")}
          </Text>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <Button
            variant="default"
            leftSection={<IconChartBar size={18} aria-hidden />}
            onClick={chartToggle.toggle}
            aria-pressed={chart}
          >
            {chart ? t("hideChart") : t("showChart")}
          </Button>
          {!phone && (
            <Button
              variant="default"
              component={Link}
              to="/deals"
              leftSection={<IconList size={18} aria-hidden />}
            >
              {t("listView")}
            </Button>
          )}
          <Button
            leftSection={<IconPlus size={18} aria-hidden />}
            onClick={createModal.open}
            disabled={!pipeline}
          >
            {t("new")}
          </Button>
        </Group>
      </Group>
      {(pipelines.data?.length ?? 0) > 1 && (
        <Select
          aria-label={t("choosePipeline")}
          data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={pipeline?.id ?? null}
          onChange={(v) => v && setSearch({ pipeline: v }, { replace: true })}
          allowDeselect={false}
          maw={320}
        />
      )}
      {chart && summary.data && (
        <Suspense fallback={<Skeleton height={280} />}>
          <PipelineChart summary={summary.data} />
        </Suspense>
      )}
      {!pipeline ? (
        <Skeleton height={320} />
      ) : (
        <DndContext
          sensors={sensors}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setDragging(null)}
          accessibility={{ screenReaderInstructions: { draggable: t("dragHint") } }}
        >
          <div className={classes.board} data-testid="pipeline-board">
            {pipeline.stages.map((stage) => (
              <StageColumn
                key={stage.id}
                pipeline={pipeline}
                stage={stage}
                summary={summary.data?.stages.find((s) => s.stage_id === stage.id)}
                actions={actions}
              />
            ))}
          </div>
          <DragOverlay dropAnimation={null}>
            {dragging ? (
              <Paper withBorder radius="md" p="sm" className={classes.overlay}>
                <DealCardBody deal={dragging} ownerName={ownerName(dragging.owner_id)} />
              </Paper>
            ) : null}
          </DragOverlay>
        </DndContext>
      )}
      <CloseDealDialog
        deal={closing?.deal ?? null}
        status={closing?.status ?? null}
        onClose={() => setClosing(null)}
      />
      <Modal opened={creating} onClose={createModal.close} title={t("new")} fullScreen={phone}>
        {pipeline && (
          <DealForm
            pipeline={pipeline}
            onCancel={createModal.close}
            onCreated={(d) => navigate(`/deals/${d.id}`)}
          />
        )}
      </Modal>
    </Stack>
  );
}
