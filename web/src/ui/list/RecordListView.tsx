import {
  Alert,
  Badge,
  Button,
  CloseButton,
  Drawer,
  Group,
  Indicator,
  Loader,
  Menu,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedCallback, useDisclosure, useMediaQuery } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconArrowsSort, IconDownload, IconFilter, IconSearch } from "@tabler/icons-react";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import type { BulkResult } from "../../lib/bulk";
import { downloadText, toCsv } from "../../lib/csv";
import { type Condition, conditionsOf, fromConditions } from "../../lib/filter";
import { fetchAll, type PageFetcher } from "../../lib/lists";
import { type ListParams, useListParams } from "../../lib/useListParams";
import { useErrorMessage, useNotify } from "../errors";
import { type BulkAction, BulkBar, type BulkHandlers, standardBulkActions } from "./BulkBar";
import { describeBulkResult } from "./bulkSummary";
import { describeCondition, FilterBuilder } from "./FilterBuilder";
import { LoadMore } from "./LoadMore";
import { RecordTable } from "./RecordTable";
import type { Column, FilterFieldDef, SortOption } from "./types";

export interface ListQuery<T> {
  items: T[];
  isPending: boolean;
  isError: boolean;
  error: unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetching: boolean;
  fetchNextPage: () => unknown;
  refetch: () => unknown;
}

export interface RecordListViewProps<T> {
  title: string;
  /** "3 people" — used in bulk confirmations. */
  noun: (count: number) => string;
  columns: Column<T>[];
  filterFields: FilterFieldDef[];
  sortOptions: SortOption[];
  defaultSort: string;
  useList: (params: ListParams) => ListQuery<T>;
  /** Pages of the same view, for CSV export. */
  pageFetcher: (params: ListParams) => PageFetcher<T>;
  exportName: string;
  getId: (row: T) => string;
  getLabel: (row: T) => string;
  rowHref?: (row: T) => string;
  bulk?: BulkHandlers<T>;
  /** Actions of this list besides the usual ones (mark done, restore, …). */
  bulkActions?: (rows: T[]) => BulkAction[];
  owners?: { value: string; label: string }[];
  /** Quick filters above the list (segmented stages, "mine", …). */
  quickFilters?: (filter: Condition[], setFilter: (c: Condition[]) => void) => ReactNode;
  actions?: ReactNode;
  searchPlaceholder: string;
  emptyText: string;
  /** Saved views above the list (features/views); given the list's columns to choose from. */
  viewsBar?: (columns: { key: string; header: string }[]) => ReactNode;
}

/** The columns a saved view shows (`cols=a,b` in the URL, in that order); else all of them. */
function shownColumns<T>(columns: Column<T>[], cols: string | null): Column<T>[] {
  const keys = (cols ?? "").split(",").filter(Boolean);
  const shown = keys.flatMap((k) => columns.filter((c) => c.key === k));
  return shown.length > 0 ? shown : columns;
}

export function RecordListView<T>(props: RecordListViewProps<T>) {
  const { t } = useTranslation(["common", "records"]);
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const { params, setQ, setSort, setFilter } = useListParams({ sort: props.defaultSort });
  const list = props.useList(params);
  const errorText = useErrorMessage();
  const notify = useNotify();
  const [filterOpened, filterDrawer] = useDisclosure(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [exporting, setExporting] = useState(false);
  const [q, setLocalQ] = useState(params.q);
  const pushQ = useDebouncedCallback((value: string) => setQ(value), 250);
  const [search] = useSearchParams();
  const cols = props.viewsBar ? search.get("cols") : null;
  const columns = useMemo(() => shownColumns(props.columns, cols), [props.columns, cols]);

  useEffect(() => setLocalQ(params.q), [params.q]);
  // A new view starts with nothing selected.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on view change
  useEffect(() => setSelected(new Set()), [params.q, params.sort, params.filter]);

  const conditions = conditionsOf(params.filter);
  const selectedRows = list.items.filter((row) => selected.has(props.getId(row)));
  const defs = useMemo(
    () => new Map(props.filterFields.map((f) => [f.field, f])),
    [props.filterFields],
  );
  const setConditions = (c: Condition[]) => setFilter(fromConditions(c));
  const sortLabel = props.sortOptions.find((o) => o.value === params.sort)?.label;

  const exportCsv = async () => {
    setExporting(true);
    try {
      const rows = await fetchAll(props.pageFetcher(params));
      const exported = columns
        .filter((c) => c.csv)
        .map((c) => ({ header: c.header, value: c.csv! }));
      const day = new Date().toISOString().slice(0, 10);
      downloadText(`${props.exportName}-${day}.csv`, toCsv(rows, exported));
      notify.success(t("list.exported", { count: rows.length }));
    } catch (error) {
      notify.error(error);
    } finally {
      setExporting(false);
    }
  };

  const selectable = Boolean(props.bulk || props.bulkActions);
  const bulkActions = selectable
    ? [
        ...(props.bulk ? standardBulkActions(t, props.bulk, selectedRows, props.owners ?? []) : []),
        ...(props.bulkActions?.(selectedRows) ?? []),
      ]
    : [];

  const onBulkDone = (result: BulkResult) => {
    setSelected(new Set());
    list.refetch();
    const message = describeBulkResult(t, result);
    const undo = result.undo;
    if (result.failed) {
      notifications.show({
        color: "orange",
        message,
        autoClose: 8000,
        closeButtonProps: { "aria-label": t("common:close") },
      });
    } else if (undo && result.succeeded) {
      // After a delete an admin can take it back at once.
      notify.success(message, {
        label: t("records:undo"),
        onClick: () => void undo().then(() => list.refetch(), notify.error),
      });
    } else notify.success(message);
  };

  return (
    <Stack gap="sm">
      {/* The actions go below the title when both do not fit (a phone), never off screen. */}
      <Group justify="space-between" gap="xs">
        <Title order={1} size="h2">
          {props.title}
        </Title>
        <Group gap="xs" wrap="nowrap">
          {props.actions}
        </Group>
      </Group>

      {props.viewsBar?.(props.columns)}

      <Group gap="xs" wrap="nowrap">
        <TextInput
          style={{ flex: 1 }}
          value={q}
          onChange={(e) => {
            setLocalQ(e.currentTarget.value);
            pushQ(e.currentTarget.value);
          }}
          placeholder={props.searchPlaceholder}
          aria-label={props.searchPlaceholder}
          leftSection={<IconSearch size={18} aria-hidden />}
          rightSection={
            q ? (
              <CloseButton
                aria-label={t("list.clearSearch")}
                onClick={() => {
                  setLocalQ("");
                  setQ("");
                }}
              />
            ) : list.isFetching && !list.isPending ? (
              <Loader size="xs" />
            ) : null
          }
          type="search"
        />
        <Indicator
          label={conditions.length}
          disabled={conditions.length === 0}
          size={18}
          color="brand.8"
        >
          <Button
            variant="default"
            onClick={filterDrawer.open}
            leftSection={<IconFilter size={18} aria-hidden />}
            aria-label={phone ? t("filter.title") : undefined}
            px={phone ? "sm" : undefined}
          >
            {phone ? null : t("filter.title")}
          </Button>
        </Indicator>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button
              variant="default"
              leftSection={<IconArrowsSort size={18} aria-hidden />}
              aria-label={t("list.sortBy", { by: sortLabel ?? "" })}
              px={phone ? "sm" : undefined}
            >
              {phone ? null : sortLabel}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>{t("list.sort")}</Menu.Label>
            {props.sortOptions.map((o) => (
              <Menu.Item
                key={o.value}
                onClick={() => setSort(o.value)}
                rightSection={o.value === params.sort ? "✓" : null}
              >
                {o.label}
              </Menu.Item>
            ))}
            <Menu.Divider />
            <Menu.Item
              leftSection={<IconDownload size={16} aria-hidden />}
              onClick={exportCsv}
              disabled={exporting}
            >
              {t("list.export")}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
        {!phone && (
          <Button
            variant="default"
            onClick={exportCsv}
            loading={exporting}
            leftSection={<IconDownload size={18} aria-hidden />}
          >
            {t("list.exportShort")}
          </Button>
        )}
      </Group>

      {props.quickFilters?.(conditions, setConditions)}

      {conditions.length > 0 && (
        <Group gap={6}>
          {conditions.map((c) => (
            <Badge
              key={`${c.field}-${c.op}`}
              variant="light"
              size="lg"
              tt="none"
              rightSection={
                <CloseButton
                  size="sm"
                  aria-label={t("filter.removeOne", {
                    what: describeCondition(c, defs.get(c.field), t),
                  })}
                  onClick={() => setConditions(conditions.filter((x) => x !== c))}
                />
              }
            >
              {describeCondition(c, defs.get(c.field), t)}
            </Badge>
          ))}
          <Button variant="subtle" size="xs" onClick={() => setConditions([])}>
            {t("filter.clear")}
          </Button>
        </Group>
      )}

      {selected.size > 0 && selectable && (
        <BulkBar
          count={selected.size}
          noun={props.noun}
          actions={bulkActions}
          onDone={onBulkDone}
          onClear={() => setSelected(new Set())}
        />
      )}

      {list.isError && (
        <Alert color="red" role="alert" title={t("errors.title")}>
          {errorText(list.error)}
        </Alert>
      )}

      {list.isPending ? (
        <Stack gap="xs" role="status" aria-busy="true" aria-label={t("loading")}>
          {Array.from({ length: 6 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders
            <Skeleton key={i} height={phone ? 64 : 44} radius="md" />
          ))}
        </Stack>
      ) : list.items.length === 0 && !list.isError ? (
        <Text c="dimmed" ta="center" py="xl">
          {props.emptyText}
        </Text>
      ) : (
        <div data-testid="record-list">
          <RecordTable
            rows={list.items}
            columns={columns}
            getId={props.getId}
            getLabel={props.getLabel}
            rowHref={props.rowHref}
            selectable={selectable}
            selected={selected}
            onSelectedChange={setSelected}
            phone={phone}
            caption={props.title}
          />
        </div>
      )}

      <LoadMore
        hasNextPage={list.hasNextPage}
        isFetchingNextPage={list.isFetchingNextPage}
        fetchNextPage={() => void list.fetchNextPage()}
        shown={list.items.length}
      />

      <Drawer
        opened={filterOpened}
        onClose={filterDrawer.close}
        title={t("filter.title")}
        position={phone ? "bottom" : "right"}
        size={phone ? "90%" : "md"}
      >
        {filterOpened && (
          <FilterBuilder
            fields={props.filterFields}
            value={conditions}
            onApply={(c) => {
              setConditions(c);
              filterDrawer.close();
            }}
          />
        )}
      </Drawer>
    </Stack>
  );
}
