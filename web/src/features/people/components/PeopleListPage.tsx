import { Button, Modal, Text } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import type { Person } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import type { ListParams } from "../../../lib/useListParams";
import { MineChip, QuickChips } from "../../../ui/list/QuickChips";
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
import { PersonForm } from "../forms/PersonForm";
import {
  PEOPLE_DEFAULT_SORT,
  peoplePages,
  usePeopleBulk,
  usePeopleList,
  useRestorePerson,
} from "../hooks/usePeople";
import { LIFECYCLE_STAGES } from "../lifecycle";
import { StageBadge } from "./StageBadge";

/** The list, or (admins, `?deleted=1`) its bin. */
function usePeopleView(params: ListParams) {
  return usePeopleList(useBinParams(params));
}

export function PeopleListPage() {
  const { t } = useTranslation(["people", "records", "imports"]);
  const fmt = useFormat();
  const owner = useUserNames();
  const owners = useUserOptions();
  const me = useMe();
  const list = useBin();
  const canImport = me?.role === "admin" || me?.role === "manager";
  const bulk = usePeopleBulk({ canRestore: list.isAdmin });
  const restore = useRestorePerson();
  const restoreAction = useRestoreAction<Person>(restore, (p) => p.id);
  const deletedColumn = useDeletedColumn<Person>();
  const navigate = useNavigate();
  const [creating, createModal] = useDisclosure(false);
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });

  const stageOptions = useMemo(
    () => LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) })),
    [t],
  );

  const columns: Column<Person>[] = [
    {
      key: "name",
      header: t("field.name"),
      render: (p) => p.display_name,
      csv: (p) => p.display_name,
      phone: "title",
    },
    {
      key: "email",
      header: t("field.email"),
      render: (p) => p.primary_email,
      csv: (p) => p.primary_email,
      phone: "subtitle",
    },
    {
      key: "phone",
      nowrap: true,
      header: t("field.phone"),
      render: (p) => p.primary_phone,
      csv: (p) => p.primary_phone,
    },
    {
      key: "stage",
      nowrap: true,
      header: t("field.lifecycle_stage"),
      render: (p) => <StageBadge stage={p.lifecycle_stage} />,
      csv: (p) => t(`stage.${p.lifecycle_stage}`),
      phone: "meta",
    },
    { key: "city", header: t("field.city"), render: (p) => p.city, csv: (p) => p.city },
    {
      key: "owner",
      nowrap: true,
      header: t("field.owner"),
      render: (p) => owner(p.owner_id),
      csv: (p) => owner(p.owner_id),
    },
    {
      key: "updated",
      nowrap: true,
      header: t("field.updated_at"),
      render: (p) => (
        <Text size="sm" c="dimmed" title={fmt.dateTime(p.updated_at)}>
          {fmt.relative(p.updated_at)}
        </Text>
      ),
      csv: (p) => p.updated_at,
    },
  ];

  const binColumns: Column<Person>[] = [
    columns[0]!,
    columns[1]!,
    deletedColumn,
    {
      key: "restore",
      header: t("records:bin.restore"),
      render: (p) => (
        <RestoreButton
          name={p.display_name}
          href={`/people/${p.id}`}
          restore={() => restore(p.id)}
        />
      ),
      phone: "meta",
    },
  ];

  const filterFields: FilterFieldDef[] = [
    {
      field: "lifecycle_stage",
      label: t("field.lifecycle_stage"),
      type: "enum",
      options: stageOptions,
    },
    { field: "owner_id", label: t("field.owner"), type: "user", options: owners },
    { field: "city", label: t("field.city"), type: "text" },
    { field: "country", label: t("field.country"), type: "text" },
    { field: "tags", label: t("field.tags"), type: "tags" },
    { field: "lead_source", label: t("field.lead_source"), type: "text" },
    { field: "primary_email", label: t("field.email"), type: "text" },
    { field: "created_at", label: t("field.created_at"), type: "datetime" },
    { field: "updated_at", label: t("field.updated_at"), type: "datetime" },
  ];

  const sortOptions: SortOption[] = [
    { value: "-updated_at", label: t("sort.recent") },
    { value: "display_name", label: t("sort.nameAsc") },
    { value: "-display_name", label: t("sort.nameDesc") },
    { value: "-created_at", label: t("sort.newest") },
    { value: "created_at", label: t("sort.oldest") },
  ];

  return (
    <>
      <RecordListView<Person>
        key={list.bin ? "bin" : "list"}
        title={list.bin ? t("binTitle") : t("title")}
        noun={(count) => t("noun", { count })}
        columns={list.bin ? binColumns : columns}
        filterFields={filterFields}
        sortOptions={sortOptions}
        defaultSort={PEOPLE_DEFAULT_SORT}
        useList={usePeopleView}
        pageFetcher={(params) => peoplePages(list.shown(params))}
        exportName={list.bin ? "people-deleted" : "people"}
        getId={(p) => p.id}
        getLabel={(p) => p.display_name}
        rowHref={list.bin ? undefined : (p) => `/people/${p.id}`}
        bulk={list.bin ? undefined : bulk}
        bulkActions={list.bin ? restoreAction : undefined}
        owners={owners}
        searchPlaceholder={t("search")}
        emptyText={list.bin ? t("binEmpty") : t("empty")}
        viewsBar={list.bin ? undefined : savedViewsBar("people", PEOPLE_DEFAULT_SORT)}
        actions={
          <>
            {list.isAdmin && <BinToggle bin={list.bin} listLabel={t("title")} />}
            {!list.bin && canImport && (
              <Button variant="default" component={Link} to="/import?kind=people">
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
            <QuickChips
              field="lifecycle_stage"
              label={t("field.lifecycle_stage")}
              options={stageOptions.filter((o) =>
                ["lead", "opportunity", "customer"].includes(o.value),
              )}
              conditions={conditions}
              onChange={set}
              extra={
                <MineChip field="owner_id" me={me?.id} conditions={conditions} onChange={set} />
              }
            />
          )
        }
      />
      <Modal opened={creating} onClose={createModal.close} title={t("new")} fullScreen={phone}>
        <PersonForm onCancel={createModal.close} onCreated={(p) => navigate(`/people/${p.id}`)} />
      </Modal>
    </>
  );
}
