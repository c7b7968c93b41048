import { Badge, Button, Text } from "@mantine/core";
import { IconLayoutKanban } from "@tabler/icons-react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Deal } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { MineChip, QuickChips } from "../../../ui/list/QuickChips";
import { RecordListView } from "../../../ui/list/RecordListView";
import type { Column, FilterFieldDef, SortOption } from "../../../ui/list/types";
import { useMe } from "../../auth/hooks/useMe";
import { useUserNames, useUserOptions } from "../../users/hooks/useUsers";
import { savedViewsBar } from "../../views/components/SavedViews";
import {
  DEALS_DEFAULT_SORT,
  dealPages,
  useDealsBulk,
  useDealsList,
  usePipelines,
} from "../hooks/useDeals";
import { STATUS_COLOR } from "./RelatedDeals";

export function DealsListPage() {
  const { t } = useTranslation("deals");
  const fmt = useFormat();
  const owner = useUserNames();
  const owners = useUserOptions();
  const me = useMe();
  const bulk = useDealsBulk();
  const pipelines = usePipelines();
  const stageOptions = useMemo(
    () =>
      (pipelines.data ?? []).flatMap((p) =>
        p.stages.map((s) => ({
          value: s.id,
          label: (pipelines.data?.length ?? 0) > 1 ? `${p.name}: ${s.name}` : s.name,
        })),
      ),
    [pipelines.data],
  );
  const stageName = (id: string) => stageOptions.find((o) => o.value === id)?.label ?? "";
  const statusOptions = (["open", "won", "lost"] as const).map((s) => ({
    value: s,
    label: t(`status.${s}`),
  }));

  const columns: Column<Deal>[] = [
    {
      key: "name",
      header: t("field.name"),
      render: (d) => d.name,
      csv: (d) => d.name,
      phone: "title",
    },
    {
      key: "stage",
      header: t("field.stage"),
      render: (d) => stageName(d.stage_id),
      csv: (d) => stageName(d.stage_id),
      phone: "subtitle",
    },
    {
      key: "amount",
      nowrap: true,
      header: t("field.amount"),
      render: (d) => fmt.money(d.amount, d.currency),
      csv: (d) => d.amount,
      align: "right",
      phone: "meta",
    },
    {
      key: "currency",
      nowrap: true,
      header: t("field.currency"),
      render: (d) => d.currency,
      csv: (d) => d.currency,
    },
    {
      key: "status",
      nowrap: true,
      header: t("field.status"),
      render: (d) => (
        <Badge variant="light" color={STATUS_COLOR[d.status]}>
          {t(`status.${d.status}`)}
        </Badge>
      ),
      csv: (d) => d.status,
    },
    {
      key: "close",
      nowrap: true,
      header: t("field.expected_close_date"),
      render: (d) => <Text size="sm">{fmt.date(d.expected_close_date)}</Text>,
      csv: (d) => d.expected_close_date,
    },
    {
      key: "owner",
      nowrap: true,
      header: t("field.owner"),
      render: (d) => owner(d.owner_id),
      csv: (d) => owner(d.owner_id),
    },
  ];
  const filterFields: FilterFieldDef[] = [
    { field: "status", label: t("field.status"), type: "enum", options: statusOptions },
    { field: "stage_id", label: t("field.stage"), type: "enum", options: stageOptions },
    { field: "owner_id", label: t("field.owner"), type: "user", options: owners },
    { field: "amount", label: t("field.amount"), type: "number" },
    { field: "currency", label: t("field.currency"), type: "text" },
    { field: "expected_close_date", label: t("field.expected_close_date"), type: "date" },
    { field: "tags", label: t("field.tags"), type: "tags" },
    { field: "lost_reason", label: t("field.lost_reason"), type: "text" },
  ];
  const sortOptions: SortOption[] = [
    { value: "-updated_at", label: t("sort.recent") },
    { value: "expected_close_date", label: t("sort.closingSoon") },
    { value: "-amount", label: t("sort.amountDesc") },
    { value: "amount", label: t("sort.amountAsc") },
    { value: "name", label: t("sort.nameAsc") },
    { value: "-created_at", label: t("sort.newest") },
  ];

  return (
    <RecordListView<Deal>
      title={t("title")}
      noun={(count) => t("noun", { count })}
      columns={columns}
      filterFields={filterFields}
      sortOptions={sortOptions}
      defaultSort={DEALS_DEFAULT_SORT}
      useList={useDealsList}
      pageFetcher={dealPages}
      exportName="deals"
      getId={(d) => d.id}
      getLabel={(d) => d.name}
      rowHref={(d) => `/deals/${d.id}`}
      bulk={bulk}
      owners={owners}
      searchPlaceholder={t("search")}
      emptyText={t("empty")}
      viewsBar={savedViewsBar("deals", DEALS_DEFAULT_SORT)}
      actions={
        <Button
          variant="default"
          component={Link}
          to="/pipeline"
          leftSection={<IconLayoutKanban size={18} aria-hidden />}
        >
          {t("boardView")}
        </Button>
      }
      quickFilters={(conditions, set) => (
        <QuickChips
          field="status"
          label={t("field.status")}
          options={statusOptions}
          conditions={conditions}
          onChange={set}
          extra={<MineChip field="owner_id" me={me?.id} conditions={conditions} onChange={set} />}
        />
      )}
    />
  );
}
