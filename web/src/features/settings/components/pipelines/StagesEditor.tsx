import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  MouseSensor,
  TouchSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { ActionIcon, Button, NumberInput, Paper, TextInput, VisuallyHidden } from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconGripVertical, IconPlus, IconX } from "@tabler/icons-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import classes from "./Stages.module.css";
import {
  blankStage,
  type DraftStage,
  moveStage,
  removeStage,
  type StageErrors,
  updateStage,
} from "./stagesDraft";

interface RowProps {
  stage: DraftStage;
  index: number;
  total: number;
  errors?: StageErrors[string];
  /** Deals in this stage now (any status), when known. */
  count?: number;
  disabled?: boolean;
  onPatch: (patch: Partial<DraftStage>) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}

function asNumber(value: string | number): number | null {
  if (value === "" || value === null) return null;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

function StageRow({ stage, index, total, errors, count, disabled, ...on }: RowProps) {
  const { t } = useTranslation("settings");
  const drag = useDraggable({ id: stage.key, disabled });
  const drop = useDroppable({ id: stage.key });
  const position = index + 1;
  const name = stage.name.trim() || t("pipelines.stageN", { position });
  const labels = { label: classes.rowLabel };
  const first = index === 0;
  const last = index === total - 1;

  return (
    <li
      ref={drop.setNodeRef}
      className={classes.row}
      data-over={(drop.isOver && !drag.isDragging) || undefined}
      data-dragging={drag.isDragging || undefined}
      data-new={stage.id ? undefined : true}
      data-testid={`stage-row-${position}`}
    >
      {/* Dragging is a shortcut for the mouse and touch; the arrow buttons do the same. */}
      <div
        ref={drag.setNodeRef}
        {...drag.listeners}
        className={classes.handle}
        aria-hidden
        data-testid={`stage-handle-${position}`}
      >
        <IconGripVertical size={18} aria-hidden />
      </div>
      <div className={classes.position} aria-hidden>
        {position}
      </div>
      <TextInput
        className={classes.name}
        classNames={labels}
        label={t("pipelines.stageName")}
        aria-label={t("pipelines.stageNameOf", { position })}
        value={stage.name}
        maxLength={120}
        disabled={disabled}
        error={errors?.name}
        description={count ? t("pipelines.dealsInStage", { count }) : undefined}
        inputWrapperOrder={["label", "input", "description", "error"]}
        data-stage-key={stage.key}
        onChange={(e) => on.onPatch({ name: e.currentTarget.value })}
      />
      <NumberInput
        className={classes.probability}
        classNames={labels}
        size="md"
        label={t("pipelines.probability")}
        aria-label={t("pipelines.probabilityOf", { position })}
        value={stage.probability}
        min={0}
        max={100}
        clampBehavior="strict"
        allowDecimal={false}
        allowNegative={false}
        suffix=" %"
        disabled={disabled}
        error={errors?.probability}
        onChange={(v) => on.onPatch({ probability: asNumber(v) ?? 0 })}
      />
      <NumberInput
        className={classes.rotting}
        classNames={labels}
        size="md"
        label={t("pipelines.rotting")}
        aria-label={t("pipelines.rottingOf", { position })}
        placeholder={t("pipelines.rottingNever")}
        value={stage.rotting_days ?? ""}
        min={1}
        max={3650}
        allowDecimal={false}
        allowNegative={false}
        disabled={disabled}
        error={errors?.rotting_days}
        onChange={(v) => on.onPatch({ rotting_days: asNumber(v) })}
      />
      <div className={classes.buttons}>
        {/* Not `disabled` at the ends: a disabled button drops the keyboard focus. */}
        <ActionIcon
          variant="subtle"
          color="gray"
          size={36}
          aria-label={t("pipelines.moveUp", { name })}
          aria-disabled={first || disabled || undefined}
          data-disabled={first || disabled || undefined}
          onClick={() => !first && !disabled && on.onMove(index - 1)}
        >
          <IconArrowUp size={18} aria-hidden />
        </ActionIcon>
        <ActionIcon
          variant="subtle"
          color="gray"
          size={36}
          aria-label={t("pipelines.moveDown", { name })}
          aria-disabled={last || disabled || undefined}
          data-disabled={last || disabled || undefined}
          onClick={() => !last && !disabled && on.onMove(index + 1)}
        >
          <IconArrowDown size={18} aria-hidden />
        </ActionIcon>
        <ActionIcon
          variant="subtle"
          color="red.9"
          size={36}
          aria-label={t("pipelines.removeStage", { name })}
          disabled={disabled || total === 1}
          onClick={on.onRemove}
        >
          <IconX size={18} aria-hidden />
        </ActionIcon>
      </div>
    </li>
  );
}

/**
 * The ordered stages of a pipeline, edited in place: rename, win probability, rotting days,
 * reorder (arrow buttons, or drag by the handle), add and remove. Nothing is sent from here.
 */
export function StagesEditor(props: {
  stages: DraftStage[];
  onChange: (stages: DraftStage[]) => void;
  errors?: StageErrors;
  counts?: Record<string, number>;
  disabled?: boolean;
}) {
  const { t } = useTranslation("settings");
  const { stages, onChange } = props;
  const [announcement, setAnnouncement] = useState("");
  const [dragging, setDragging] = useState<DraftStage | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 4 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
  );

  const move = (from: number, to: number) => {
    const next = moveStage(stages, from, to);
    if (next === stages) return;
    const moved = stages[from];
    onChange(next);
    if (moved)
      setAnnouncement(
        t("pipelines.moved", {
          name: moved.name.trim() || t("pipelines.stageN", { position: from + 1 }),
          position: to + 1,
        }),
      );
  };

  const onDragStart = (event: DragStartEvent) =>
    setDragging(stages.find((s) => s.key === event.active.id) ?? null);
  const onDragEnd = (event: DragEndEvent) => {
    setDragging(null);
    if (!event.over) return;
    const from = stages.findIndex((s) => s.key === event.active.id);
    const to = stages.findIndex((s) => s.key === event.over?.id);
    move(from, to);
  };

  return (
    <div>
      <div className={classes.header} aria-hidden>
        <span />
        <span />
        <span>{t("pipelines.stageName")}</span>
        <span>{t("pipelines.probability")}</span>
        <span>{t("pipelines.rotting")}</span>
        <span />
      </div>
      <DndContext
        sensors={sensors}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragging(null)}
      >
        <ol ref={list} className={classes.list} aria-label={t("pipelines.stages")}>
          {stages.map((stage, index) => (
            <StageRow
              key={stage.key}
              stage={stage}
              index={index}
              total={stages.length}
              errors={props.errors?.[stage.key]}
              count={stage.id ? props.counts?.[stage.id] : undefined}
              disabled={props.disabled}
              onPatch={(patch) => onChange(updateStage(stages, stage.key, patch))}
              onMove={(to) => move(index, to)}
              onRemove={() => {
                onChange(removeStage(stages, stage.key));
                setAnnouncement(
                  t("pipelines.removed", {
                    name: stage.name.trim() || t("pipelines.stageN", { position: index + 1 }),
                  }),
                );
              }}
            />
          ))}
        </ol>
        <DragOverlay dropAnimation={null}>
          {dragging ? (
            <Paper withBorder shadow="md" radius="md" px="md" py="xs" fw={600}>
              {dragging.name || t("pipelines.stageN", { position: stages.indexOf(dragging) + 1 })}
            </Paper>
          ) : null}
        </DragOverlay>
      </DndContext>
      <Button
        variant="light"
        mt="sm"
        leftSection={<IconPlus size={18} aria-hidden />}
        disabled={props.disabled || stages.length >= 50}
        onClick={() => {
          const added = blankStage();
          onChange([...stages, added]);
          // The new row's name field takes the focus, ready to type.
          requestAnimationFrame(() =>
            list.current
              ?.querySelector<HTMLInputElement>(`input[data-stage-key="${added.key}"]`)
              ?.focus(),
          );
        }}
      >
        {t("pipelines.addStage")}
      </Button>
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
    </div>
  );
}
