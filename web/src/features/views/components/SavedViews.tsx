import {
  Badge,
  Button,
  Checkbox,
  Group,
  Menu,
  Modal,
  Popover,
  ScrollArea,
  Stack,
  Text,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconBookmark,
  IconChevronDown,
  IconColumns3,
  IconStar,
  IconStarFilled,
  IconUsers,
} from "@tabler/icons-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useNotify } from "../../../ui/errors";
import { useMe } from "../../auth/hooks/useMe";
import { useSavedViews, useViewActions } from "../hooks/useSavedViews";
import {
  COLS_PARAM,
  isBare,
  nameTaken,
  parseCols,
  type SavedView,
  sameState,
  searchForView,
  stateOf,
  stateOfView,
  VIEW_PARAM,
  type ViewObject,
  viewFields,
  visibleColumns,
} from "../state";
import { ViewNameDialog, type ViewNameValues } from "./ViewNameDialog";

export interface SavedViewsProps {
  object: ViewObject;
  /** The list's own default sort (a view with it stores no sort). */
  defaultSort: string;
  /** The list's columns, for the column chooser. */
  columns: { key: string; header: string }[];
}

/**
 * The saved views of a list: one link per view (the URL names the view), the column chooser,
 * and a menu to save the list as it is now, update, rename, share, make default or delete a view.
 */
export function SavedViews(props: SavedViewsProps) {
  const { t } = useTranslation(["views", "common"]);
  const notify = useNotify();
  const me = useMe();
  const [search, setSearch] = useSearchParams();
  const query = useSavedViews(props.object);
  const actions = useViewActions(props.object);
  const views = query.data ?? NONE;
  const [dialog, setDialog] = useState<"create" | "rename" | null>(null);
  const [deleting, deleteModal] = useDisclosure(false);

  const activeId = search.get(VIEW_PARAM);
  const active = views.find((v) => v.id === activeId) ?? null;
  const mine = active !== null && (active.owner_id === me?.id || me?.role === "admin");
  const current = stateOf(search, props.defaultSort);
  const modified = active !== null && !sameState(current, stateOfView(active, props.defaultSort));

  // A bare list URL opens the user's default view, once per visit to the list.
  const checked = useRef(false);
  useEffect(() => {
    if (checked.current || !query.isSuccess) return;
    checked.current = true;
    const chosen = query.data.find((v) => v.is_default);
    if (chosen && isBare(search)) {
      setSearch(searchForView(search, chosen, props.defaultSort), { replace: true });
    }
  }, [query.isSuccess, query.data, search, setSearch, props.defaultSort]);

  const open = (view: SavedView | null) => searchForView(search, view, props.defaultSort);
  const go = (view: SavedView | null) => setSearch(open(view), { replace: false });

  const create = async (values: ViewNameValues) => {
    const view = await actions.create.mutateAsync({
      name: values.name,
      shared: values.shared,
      is_default: values.isDefault,
      ...viewFields(current),
    });
    go(view);
    notify.success(t("saved", { name: view.name }));
  };

  const rename = async (values: ViewNameValues) => {
    if (!active) return;
    await actions.update.mutateAsync({ view: active, changes: { name: values.name } });
    notify.success(t("renamed", { name: values.name }));
  };

  const updateWithCurrent = () => {
    if (!active) return;
    actions.update.mutate(
      { view: active, changes: viewFields(current) },
      {
        onSuccess: (view) => {
          go(view);
          notify.success(t("updated", { name: view.name }));
        },
        onError: notify.error,
      },
    );
  };

  const toggleShared = () => {
    if (!active) return;
    actions.update.mutate(
      { view: active, changes: { shared: !active.shared } },
      {
        onSuccess: (view) => notify.success(t(view.shared ? "nowShared" : "nowPrivate")),
        onError: notify.error,
      },
    );
  };

  const toggleDefault = () => {
    if (!active) return;
    actions.setDefault.mutate(
      { view: active, on: !active.is_default },
      {
        onSuccess: (view) =>
          notify.success(t(view.is_default ? "nowDefault" : "noDefault", { name: view.name })),
        onError: notify.error,
      },
    );
  };

  const remove = () => {
    if (!active) return;
    actions.remove.mutate(active, {
      onSuccess: () => {
        deleteModal.close();
        go(null);
        notify.success(t("deleted", { name: active.name }));
      },
      onError: notify.error,
    });
  };

  const isTaken = (except?: string) => (name: string) => nameTaken(views, me?.id, name, except);

  return (
    <Group justify="space-between" wrap="nowrap" gap="xs" data-testid="saved-views">
      <ScrollArea type="never" style={{ flex: 1, minWidth: 0 }}>
        <nav aria-label={t("nav")}>
          <Group gap={4} wrap="nowrap">
            <ViewLink to={open(null)} current={!activeId} label={t("all")} />
            {views.map((v) => (
              <ViewLink
                key={v.id}
                to={open(v)}
                current={v.id === activeId}
                label={v.name}
                icons={
                  <>
                    {v.is_default && (
                      <IconStarFilled size={14} aria-label={t("isDefault")} role="img" />
                    )}
                    {v.shared && <IconUsers size={14} aria-label={t("isShared")} role="img" />}
                  </>
                }
              />
            ))}
          </Group>
        </nav>
      </ScrollArea>
      <Group gap="xs" wrap="nowrap">
        {modified && (
          <Badge variant="light" color="orange" tt="none">
            {t("modified")}
          </Badge>
        )}
        <ColumnsMenu columns={props.columns} />
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button
              variant="default"
              leftSection={<IconBookmark size={18} aria-hidden />}
              rightSection={<IconChevronDown size={14} aria-hidden />}
            >
              {t("menu")}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => setDialog("create")}>{t("saveAs")}</Menu.Item>
            {active && mine && (
              <Menu.Item onClick={updateWithCurrent} disabled={!modified}>
                {t("update", { name: active.name })}
              </Menu.Item>
            )}
            {active && mine && (
              <Menu.Item onClick={() => setDialog("rename")}>{t("renameAction")}</Menu.Item>
            )}
            {active && (
              <Menu.Item
                leftSection={
                  active.is_default ? (
                    <IconStarFilled size={16} aria-hidden />
                  ) : (
                    <IconStar size={16} aria-hidden />
                  )
                }
                onClick={toggleDefault}
              >
                {active.is_default ? t("unsetDefault") : t("setDefault")}
              </Menu.Item>
            )}
            {active && mine && (
              <Menu.Item leftSection={<IconUsers size={16} aria-hidden />} onClick={toggleShared}>
                {active.shared ? t("unshare") : t("share")}
              </Menu.Item>
            )}
            {active && mine && (
              <>
                <Menu.Divider />
                <Menu.Item color="red.9" onClick={deleteModal.open}>
                  {t("deleteAction")}
                </Menu.Item>
              </>
            )}
          </Menu.Dropdown>
        </Menu>
      </Group>

      <ViewNameDialog
        opened={dialog !== null}
        mode={dialog ?? "create"}
        initialName={dialog === "rename" ? active?.name : ""}
        onClose={() => setDialog(null)}
        isTaken={isTaken(dialog === "rename" ? active?.id : undefined)}
        onSubmit={dialog === "rename" ? rename : create}
      />
      <Modal
        opened={deleting}
        onClose={deleteModal.close}
        title={t("deleteTitle", { name: active?.name ?? "" })}
        closeButtonProps={{ "aria-label": t("common:close") }}
      >
        <Stack>
          <Text>{active?.shared ? t("deleteBodyShared") : t("deleteBody")}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={deleteModal.close} data-autofocus>
              {t("common:cancel")}
            </Button>
            <Button color="red.9" onClick={remove} loading={actions.remove.isPending}>
              {t("common:delete")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}

const NONE: SavedView[] = [];

function ViewLink(props: {
  to: URLSearchParams;
  current: boolean;
  label: string;
  icons?: React.ReactNode;
}) {
  return (
    <Button
      component={Link}
      to={{ search: `?${props.to.toString()}` }}
      variant={props.current ? "light" : "subtle"}
      size="compact-md"
      aria-current={props.current ? "page" : undefined}
      rightSection={props.icons}
      style={{ flexShrink: 0 }}
    >
      {props.label}
    </Button>
  );
}

/** Which columns show, in the list's order; kept in the URL (`cols`) like the rest of a view. */
function ColumnsMenu(props: { columns: { key: string; header: string }[] }) {
  const { t } = useTranslation("views");
  const [search, setSearch] = useSearchParams();
  const shown = useMemo(
    () =>
      new Set(visibleColumns(props.columns, parseCols(search.get(COLS_PARAM))).map((c) => c.key)),
    [props.columns, search],
  );
  const toggle = (key: string) => {
    const next = props.columns
      .map((c) => c.key)
      .filter((k) => (k === key ? !shown.has(k) : shown.has(k)));
    if (next.length === 0) return; // at least one column
    setSearch(
      (prev) => {
        const out = new URLSearchParams(prev);
        if (next.length === props.columns.length) out.delete(COLS_PARAM);
        else out.set(COLS_PARAM, next.join(","));
        return out;
      },
      { replace: true },
    );
  };
  return (
    <Popover position="bottom-end" withinPortal trapFocus shadow="md">
      <Popover.Target>
        <Button
          variant="default"
          leftSection={<IconColumns3 size={18} aria-hidden />}
          aria-label={t("columns")}
          px="sm"
        />
      </Popover.Target>
      <Popover.Dropdown>
        <Checkbox.Group label={t("columns")} value={[...shown]}>
          <Stack gap="xs" mt="xs">
            {props.columns.map((c) => (
              <Checkbox key={c.key} value={c.key} label={c.header} onChange={() => toggle(c.key)} />
            ))}
          </Stack>
        </Checkbox.Group>
      </Popover.Dropdown>
    </Popover>
  );
}

/** For a list page: `viewsBar={savedViewsBar("people", PEOPLE_DEFAULT_SORT)}`. */
export function savedViewsBar(object: ViewObject, defaultSort: string) {
  return (columns: { key: string; header: string }[]) => (
    <SavedViews object={object} defaultSort={defaultSort} columns={columns} />
  );
}
