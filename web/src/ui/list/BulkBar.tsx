import { Button, Group, Modal, Paper, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconTag, IconTrash, IconUserShare, IconX } from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BulkResult } from "../../lib/bulk";

export type { BulkResult } from "../../lib/bulk";

/** One thing a list can do to its selected rows, confirmed in a dialog before anything changes. */
export interface BulkAction {
  key: string;
  label: string;
  icon: ReactNode;
  danger?: boolean;
  /** The dialog's title: "Assign 3 people". */
  title: (what: string) => string;
  /** Asks for the value the action needs (an owner, a tag, a date); none for a plain yes/no. */
  input?: (value: string, setValue: (value: string) => void) => ReactNode;
  /** What will happen, in a sentence; null while the value is still missing. */
  confirm: (what: string, value: string) => string | null;
  run: (value: string) => Promise<BulkResult>;
}

/** The usual actions on records that have owners and tags and go to the bin when deleted. */
export interface BulkHandlers<T> {
  assign?: (rows: T[], ownerId: string) => Promise<BulkResult>;
  addTag?: (rows: T[], tag: string) => Promise<BulkResult>;
  remove?: (rows: T[]) => Promise<BulkResult>;
}

/** The usual actions as dialogs, bound to the selected rows. */
export function standardBulkActions<T>(
  t: TFunction,
  handlers: BulkHandlers<T>,
  rows: T[],
  owners: { value: string; label: string }[],
): BulkAction[] {
  const actions: BulkAction[] = [];
  const { assign, addTag, remove } = handlers;
  if (assign) {
    actions.push({
      key: "assign",
      label: t("common:bulk.assign"),
      icon: <IconUserShare size={16} aria-hidden />,
      title: (what) => t("common:bulk.assignTitle", { what }),
      input: (value, set) => (
        <Select
          label={t("common:bulk.owner")}
          data={owners}
          value={value || null}
          onChange={(v) => set(v ?? "")}
          searchable
          data-autofocus
        />
      ),
      confirm: (what, value) =>
        value
          ? t("common:bulk.assignConfirm", {
              what,
              owner: owners.find((o) => o.value === value)?.label ?? "",
            })
          : null,
      run: (value) => assign(rows, value),
    });
  }
  if (addTag) {
    actions.push({
      key: "tag",
      label: t("common:bulk.addTag"),
      icon: <IconTag size={16} aria-hidden />,
      title: (what) => t("common:bulk.tagTitle", { what }),
      input: (value, set) => (
        <TextInput
          label={t("common:bulk.tag")}
          value={value}
          onChange={(e) => set(e.currentTarget.value)}
          data-autofocus
          maxLength={60}
        />
      ),
      confirm: (what, value) =>
        value.trim() ? t("common:bulk.tagConfirm", { what, tag: value.trim() }) : null,
      run: (value) => addTag(rows, value.trim()),
    });
  }
  if (remove) {
    actions.push({
      key: "delete",
      label: t("common:bulk.delete"),
      icon: <IconTrash size={16} aria-hidden />,
      danger: true,
      title: (what) => t("common:bulk.deleteTitle", { what }),
      confirm: (what) => t("common:bulk.deleteConfirm", { what }),
      run: () => remove(rows),
    });
  }
  return actions;
}

/** Actions on the selected rows, each confirmed before anything changes. */
export function BulkBar(props: {
  count: number;
  noun: (count: number) => string;
  actions: BulkAction[];
  onDone: (result: BulkResult) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation("common");
  const [pendingKey, setPendingKey] = useState<string | null>(null);
  const [value, setValue] = useState("");
  const [busy, setBusy] = useState(false);
  const what = props.noun(props.count);
  const pending = props.actions.find((a) => a.key === pendingKey) ?? null;
  const sentence = pending ? pending.confirm(what, value) : null;

  const close = () => {
    setPendingKey(null);
    setValue("");
  };
  const run = async () => {
    if (!pending || sentence === null) return;
    setBusy(true);
    try {
      props.onDone(await pending.run(value));
    } finally {
      setBusy(false);
      close();
    }
  };

  return (
    <Paper
      withBorder
      p="xs"
      radius="md"
      bg="var(--mantine-color-brand-0)"
      role="region"
      aria-label={t("bulk.region")}
    >
      <Group justify="space-between" gap="xs">
        <Text fw={600} aria-live="polite">
          {t("bulk.selected", { count: props.count, what })}
        </Text>
        <Group gap="xs">
          {props.actions.map((action) => (
            <Button
              key={action.key}
              size="sm"
              variant="default"
              c={action.danger ? "red.8" : undefined}
              leftSection={action.icon}
              onClick={() => setPendingKey(action.key)}
            >
              {action.label}
            </Button>
          ))}
          <Button
            size="sm"
            variant="subtle"
            leftSection={<IconX size={16} aria-hidden />}
            onClick={props.onClear}
          >
            {t("bulk.clear")}
          </Button>
        </Group>
      </Group>

      <Modal opened={pending !== null} onClose={close} title={pending?.title(what)}>
        {pending && (
          <Stack>
            {pending.input?.(value, setValue)}
            {sentence && <Text>{sentence}</Text>}
            <Group justify="flex-end">
              <Button
                variant="default"
                onClick={close}
                {...(pending.input ? {} : { "data-autofocus": true })}
              >
                {t("cancel")}
              </Button>
              <Button
                color={pending.danger ? "red" : undefined}
                disabled={sentence === null}
                loading={busy}
                onClick={() => void run()}
              >
                {pending.label}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Paper>
  );
}
