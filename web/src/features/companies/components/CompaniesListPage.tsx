import { Button, Modal, Text } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import type { Company } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import type { ListParams } from "../../../lib/useListParams";
import { MineChip } from "../../../ui/list/QuickChips";
import { RecordListView } from "../../../ui/list/RecordListView";
import type { Column, FilterFieldDef, SortOption } from "../../../ui/list/types";
import { useMe } from "../../auth/hooks/useMe";
import {
  BinToggle,
  RestoreButton,
  useBin,
  useBinParams,
  useDeletedColumn,
  useRestoreAction,
} from "../../records/components/Bin";
import { useUserNames, useUserOptions } from "../../users/hooks/useUsers";
import { savedViewsBar } from "../../views/components/SavedViews";
import { CompanyForm } from "../forms/CompanyForm";
import {
  COMPANIES_DEFAULT_SORT,
  companyPages,
  useCompaniesBulk,
  useCompaniesList,
  useRestoreCompany,
} from "../hooks/useCompanies";
import { COMPANY_SIZES } from "../sizes";

/** The list, or (admins, `?deleted=1`) its bin. */
function useCompaniesView(params: ListParams) {
  return useCompaniesList(useBinParams(params));
}

export function CompaniesListPage() {
  const { t } = useTranslation(["companies", "records", "imports"]);
  const fmt = useFormat();
  const owner = useUserNames();
  const owners = useUserOptions();
  const me = useMe();
  const list = useBin();
  const canImport = me?.role === "admin" || me?.role === "manager";
  const bulk = useCompaniesBulk({ canRestore: list.isAdmin });
  const restore = useRestoreCompany();
  const restoreAction = useRestoreAction<Company>(restore, (c) => c.id);
  const deletedColumn = useDeletedColumn<Company>();
  const navigate = useNavigate();
  const [creating, createModal] = useDisclosure(false);
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });

  const columns: Column<Company>[] = [
    {
      key: "name",
      header: t("field.name"),
      render: (c) => c.name,
      csv: (c) => c.name,
      phone: "title",
    },
    {
      key: "domain",
      header: t("field.domain"),
      render: (c) => c.domain,
      csv: (c) => c.domain,
      phone: "subtitle",
    },
    {
      key: "industry",
      header: t("field.industry"),
      render: (c) => c.industry,
      csv: (c) => c.industry,
    },
    {
      key: "city",
      header: t("field.city"),
      render: (c) => c.city,
      csv: (c) => c.city,
      phone: "meta",
    },
    {
      key: "size",
      nowrap: true,
      header: t("field.size"),
      render: (c) => c.size,
      csv: (c) => c.size,
    },
    {
      key: "owner",
      nowrap: true,
      header: t("field.owner"),
      render: (c) => owner(c.owner_id),
      csv: (c) => owner(c.owner_id),
    },
    {
      key: "updated",
      nowrap: true,
      header: t("field.updated_at"),
      render: (c) => (
        <Text size="sm" c="dimmed">
          {fmt.relative(c.updated_at)}
        </Text>
      ),
      csv: (c) => c.updated_at,
    },
  ];
  const binColumns: Column<Company>[] = [
    columns[0]!,
    columns[1]!,
    deletedColumn,
    {
      key: "restore",
      header: t("records:bin.restore"),
      render: (c) => (
        <RestoreButton name={c.name} href={`/companies/${c.id}`} restore={() => restore(c.id)} />
      ),
      phone: "meta",
    },
  ];
  const filterFields: FilterFieldDef[] = [
    { field: "industry", label: t("field.industry"), type: "text" },
    { field: "city", label: t("field.city"), type: "text" },
    { field: "country", label: t("field.country"), type: "text" },
    {
      field: "size",
      label: t("field.size"),
      type: "enum",
      options: COMPANY_SIZES.map((s) => ({ value: s, label: s })),
    },
    { field: "owner_id", label: t("field.owner"), type: "user", options: owners },
    { field: "tags", label: t("field.tags"), type: "tags" },
    { field: "created_at", label: t("field.created_at"), type: "datetime" },
  ];
  const sortOptions: SortOption[] = [
    { value: "name", label: t("sort.nameAsc") },
    { value: "-name", label: t("sort.nameDesc") },
    { value: "-updated_at", label: t("sort.recent") },
    { value: "-created_at", label: t("sort.newest") },
    { value: "city", label: t("sort.city") },
  ];

  return (
    <>
      <RecordListView<Company>
        key={list.bin ? "bin" : "list"}
        title={list.bin ? t("binTitle") : t("title")}
        noun={(count) => t("noun", { count })}
        columns={list.bin ? binColumns : columns}
        filterFields={filterFields}
        sortOptions={sortOptions}
        defaultSort={COMPANIES_DEFAULT_SORT}
        useList={useCompaniesView}
        pageFetcher={(params) => companyPages(list.shown(params))}
        exportName={list.bin ? "companies-deleted" : "companies"}
        getId={(c) => c.id}
        getLabel={(c) => c.name}
        rowHref={list.bin ? undefined : (c) => `/companies/${c.id}`}
        bulk={list.bin ? undefined : bulk}
        bulkActions={list.bin ? restoreAction : undefined}
        owners={owners}
        searchPlaceholder={t("search")}
        emptyText={list.bin ? t("binEmpty") : t("empty")}
        viewsBar={list.bin ? undefined : savedViewsBar("companies", COMPANIES_DEFAULT_SORT)}
        actions={
          <>
            {list.isAdmin && <BinToggle bin={list.bin} listLabel={t("title")} />}
            {!list.bin && canImport && (
              <Button variant="default" component={Link} to="/import?kind=companies">
                {t("imports:open")}
              </Button>
            )}
            {!list.bin && (
              <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={createModal.open}>
                {t("new")}
              </Button>
            )}
          </>
        }
        quickFilters={(conditions, set) =>
          list.bin ? (
            <Text size="sm" c="dimmed">
              {t("records:bin.note")}
            </Text>
          ) : (
            <MineChip field="owner_id" me={me?.id} conditions={conditions} onChange={set} />
          )
        }
      />
      <Modal opened={creating} onClose={createModal.close} title={t("new")} fullScreen={phone}>
        <CompanyForm
          onCancel={createModal.close}
          onCreated={(c) => navigate(`/companies/${c.id}`)}
        />
      </Modal>
    </>
  );
}
