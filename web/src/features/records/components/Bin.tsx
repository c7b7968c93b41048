import { Button, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconArrowBackUp, IconArrowLeft, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useFormat } from "../../../i18n/format";
import { eachLimited } from "../../../lib/bulk";
import type { ListParams } from "../../../lib/useListParams";
import { useNotify } from "../../../ui/errors";
import type { BulkAction } from "../../../ui/list/BulkBar";
import type { Column } from "../../../ui/list/types";
import { useMe } from "../../auth/hooks/useMe";

/**
 * The bin of a list (people, companies): soft-deleted records, which admins may restore for
 * 30 days. It is the list's own URL with `?deleted=1`; everyone else never sees it.
 */
export function useBin() {
  const me = useMe();
  const [search] = useSearchParams();
  const isAdmin = me?.role === "admin";
  const bin = isAdmin && search.get("deleted") === "1";
  return {
    isAdmin,
    bin,
    /** The list's params, never asking for the bin unless it is shown. */
    shown: (params: ListParams): ListParams => (bin ? params : { ...params, deleted: undefined }),
  };
}

/** A list hook's params, never asking for the bin unless it is shown (in a list hook). */
export function useBinParams(params: ListParams): ListParams {
  return useBin().shown(params);
}

/** Between the list and its bin (admins only). */
export function BinToggle(props: { bin: boolean; listLabel: string }) {
  const { t } = useTranslation("records");
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  if (props.bin) {
    return (
      <Button
        variant="default"
        component={Link}
        to="?"
        leftSection={<IconArrowLeft size={18} aria-hidden />}
      >
        {props.listLabel}
      </Button>
    );
  }
  return (
    <Button
      variant="default"
      component={Link}
      to="?deleted=1"
      leftSection={<IconTrash size={18} aria-hidden />}
      aria-label={phone ? t("bin.open") : undefined}
      title={t("bin.hint")}
      px={phone ? "sm" : undefined}
    >
      {phone ? null : t("bin.open")}
    </Button>
  );
}

/** When each row was deleted. */
export function useDeletedColumn<T extends { deleted_at: string | null }>(): Column<T> {
  const { t } = useTranslation("records");
  const fmt = useFormat();
  return {
    key: "deleted",
    nowrap: true,
    header: t("bin.deletedAt"),
    render: (row) => (
      <Text size="sm" c="dimmed" title={fmt.dateTime(row.deleted_at)}>
        {fmt.relative(row.deleted_at)}
      </Text>
    ),
    csv: (row) => row.deleted_at,
    phone: "subtitle",
  };
}

/**
 * Restore one record from the bin, then offer to open it. `restore` is a plain async
 * function (it may run after the page that called it has gone).
 */
export function RestoreButton(props: {
  name: string;
  href: string;
  restore: () => Promise<unknown>;
}) {
  const { t } = useTranslation("records");
  const notify = useNotify();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size="xs"
      variant="light"
      leftSection={<IconArrowBackUp size={16} aria-hidden />}
      loading={busy}
      aria-label={t("bin.restoreOne", { name: props.name })}
      onClick={async () => {
        setBusy(true);
        try {
          await props.restore();
          notify.success(t("bin.restored", { name: props.name }), {
            label: t("open", { name: props.name }),
            onClick: () => navigate(props.href),
          });
        } catch (error) {
          notify.error(error);
        } finally {
          setBusy(false);
        }
      }}
    >
      {t("bin.restore")}
    </Button>
  );
}

/** Restore the selected records, as a bulk action of the bin. */
export function useRestoreAction<T>(
  restore: (id: string) => Promise<unknown>,
  getId: (row: T) => string,
): (rows: T[]) => BulkAction[] {
  const { t } = useTranslation("records");
  return (rows) => [
    {
      key: "restore",
      label: t("bin.restore"),
      icon: <IconArrowBackUp size={16} aria-hidden />,
      title: (what) => t("bin.restoreTitle", { what }),
      confirm: (what) => t("bin.restoreConfirm", { what }),
      run: async () => {
        const { done: _done, ...result } = await eachLimited(rows, (row) => restore(getId(row)));
        return result;
      },
    },
  ];
}
