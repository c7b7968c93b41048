import { Button, Modal, Text } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { type ComponentType, type ReactNode, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useFormat } from "../../../i18n/format";
import type { Condition } from "../../../lib/filter";
import type { PageFetcher } from "../../../lib/lists";
import type { ListParams } from "../../../lib/useListParams";
import type { BulkHandlers } from "../../../ui/list/BulkBar";
import { MineChip } from "../../../ui/list/QuickChips";
import { type ListQuery, RecordListView } from "../../../ui/list/RecordListView";
import type { Column, FilterFieldDef, SortOption } from "../../../ui/list/types";
import { useMe } from "../../auth/hooks/useMe";
import { useUserNames, useUserOptions } from "../../users/hooks/useUsers";
import { savedViewsBar } from "../../views/components/SavedViews";
import {
  BinToggle,
  RestoreButton,
  useBin,
  useBinParams,
  useDeletedColumn,
  useRestoreAction,
} from "./Bin";

/** A record of a customer list: owned, dated, and kept in the bin for a while when deleted. */
export interface ListedRecord {
  id: string;
  owner_id: string | null;
  updated_at: string;
  deleted_at: string | null;
}

/**
 * The keys of the kind's namespace (which is named as the kind) this page reads: tested to be
 * in every catalogue, since their namespace is not a literal here.
 */
export const LIST_PAGE_KEYS = [
  "title",
  "binTitle",
  "noun",
  "search",
  "empty",
  "binEmpty",
  "new",
  "field.owner",
  "field.updated_at",
] as const;

/** What is the kind's own: its data hooks, its create form, how a record is named. */
export interface RecordKind<T extends ListedRecord> {
  /** The path (`/people/{id}`), the translation namespace, the import kind and the views object. */
  kind: "people" | "companies";
  defaultSort: string;
  useList: (params: ListParams) => ListQuery<T>;
  pages: (params: Partial<ListParams>) => PageFetcher<T>;
  useBulk: (options: { canRestore?: boolean }) => BulkHandlers<T>;
  /** Admins: restore one record from the bin (a plain async function). */
  useRestore: () => (id: string) => Promise<unknown>;
  getLabel: (row: T) => string;
  Form: ComponentType<{ onCancel: () => void; onCreated: (row: T) => void }>;
}

/**
 * A customer list (people, companies) with everything they share: search, filters, sort, saved
 * views, paging, CSV export, bulk actions, "mine", import and create, and for admins the bin
 * (`?deleted=1`) with restore. The page says only what is its own.
 */
export function RecordsListPage<T extends ListedRecord>(props: {
  of: RecordKind<T>;
  /** The kind's own columns; Owner and Updated follow them. The first two also head the bin. */
  columns: Column<T>[];
  filterFields: FilterFieldDef[];
  sortOptions: SortOption[];
  /** Quick filters above the list (not in the bin); `mine` is the "Mine" chip. Else just that. */
  quickFilters?: (
    conditions: Condition[],
    set: (c: Condition[]) => void,
    mine: ReactNode,
  ) => ReactNode;
}) {
  const { of } = props;
  // (The route loads these with the kind's namespace up front: app/router.tsx.)
  const { t } = useTranslation(["records", "imports"]);
  // The kind's own strings (LIST_PAGE_KEYS).
  const { t: own } = useTranslation(of.kind);
  const fmt = useFormat();
  const owner = useUserNames();
  const owners = useUserOptions();
  const me = useMe();
  const list = useBin();
  const canImport = me?.role === "admin" || me?.role === "manager";
  const bulk = of.useBulk({ canRestore: list.isAdmin });
  const restore = of.useRestore();
  const restoreAction = useRestoreAction<T>(restore, (row) => row.id);
  const deletedColumn = useDeletedColumn<T>();
  const navigate = useNavigate();
  const [creating, createModal] = useDisclosure(false);
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const useList = useMemo(() => listOrBin(of.useList), [of.useList]);
  const href = (row: T) => `/${of.kind}/${row.id}`;

  const columns: Column<T>[] = [
    ...props.columns,
    {
      key: "owner",
      nowrap: true,
      header: own("field.owner"),
      render: (row) => owner(row.owner_id),
      csv: (row) => owner(row.owner_id),
    },
    {
      key: "updated",
      nowrap: true,
      header: own("field.updated_at"),
      render: (row) => (
        <Text size="sm" c="dimmed" title={fmt.dateTime(row.updated_at)}>
          {fmt.relative(row.updated_at)}
        </Text>
      ),
      csv: (row) => row.updated_at,
    },
  ];
  const binColumns: Column<T>[] = [
    ...props.columns.slice(0, 2),
    deletedColumn,
    {
      key: "restore",
      header: t("bin.restore"),
      render: (row) => (
        <RestoreButton name={of.getLabel(row)} href={href(row)} restore={() => restore(row.id)} />
      ),
      phone: "meta",
    },
  ];

  return (
    <>
      <RecordListView<T>
        key={list.bin ? "bin" : "list"}
        title={list.bin ? own("binTitle") : own("title")}
        noun={(count) => own("noun", { count })}
        columns={list.bin ? binColumns : columns}
        filterFields={props.filterFields}
        sortOptions={props.sortOptions}
        defaultSort={of.defaultSort}
        useList={useList}
        pageFetcher={(params) => of.pages(list.shown(params))}
        exportName={list.bin ? `${of.kind}-deleted` : of.kind}
        getId={(row) => row.id}
        getLabel={of.getLabel}
        rowHref={list.bin ? undefined : href}
        bulk={list.bin ? undefined : bulk}
        bulkActions={list.bin ? restoreAction : undefined}
        owners={owners}
        searchPlaceholder={own("search")}
        emptyText={list.bin ? own("binEmpty") : own("empty")}
        viewsBar={list.bin ? undefined : savedViewsBar(of.kind, of.defaultSort)}
        actions={
          <>
            {list.isAdmin && <BinToggle bin={list.bin} listLabel={own("title")} />}
            {!list.bin && canImport && (
              <Button variant="default" component={Link} to={`/import?kind=${of.kind}`}>
                {t("imports:open")}
              </Button>
            )}
            {!list.bin && (
              <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={createModal.open}>
                {own("new")}
              </Button>
            )}
          </>
        }
        quickFilters={(conditions, set) => {
          if (list.bin)
            return (
              <Text size="sm" c="dimmed">
                {t("bin.note")}
              </Text>
            );
          const mine = (
            <MineChip field="owner_id" me={me?.id} conditions={conditions} onChange={set} />
          );
          return props.quickFilters ? props.quickFilters(conditions, set, mine) : mine;
        }}
      />
      <Modal opened={creating} onClose={createModal.close} title={own("new")} fullScreen={phone}>
        <of.Form onCancel={createModal.close} onCreated={(row) => navigate(href(row))} />
      </Modal>
    </>
  );
}

/** The kind's list hook, never asking for the bin unless it is shown. */
function listOrBin<T>(useKindList: (params: ListParams) => ListQuery<T>) {
  return function useListOrBin(params: ListParams) {
    return useKindList(useBinParams(params));
  };
}
