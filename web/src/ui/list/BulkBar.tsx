import { Button, Group, Modal, Paper, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconTag, IconTrash, IconUserShare, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

export interface BulkResult {
  succeeded: number;
  failed: number;
}

/** What a list can do to its selected rows. */
export interface BulkHandlers<T> {
  assign?: (rows: T[], ownerId: string) => Promise<BulkResult>;
  addTag?: (rows: T[], tag: string) => Promise<BulkResult>;
  remove?: (rows: T[]) => Promise<BulkResult>;
}

interface BoundHandlers {
  assign?: (ownerId: string) => Promise<BulkResult>;
  addTag?: (tag: string) => Promise<BulkResult>;
  remove?: () => Promise<BulkResult>;
}

type Pending = "assign" | "tag" | "delete" | null;

/** Actions on the selected rows, each confirmed before anything changes. */
export function BulkBar(props: {
  count: number;
  noun: (count: number) => string;
  handlers: BoundHandlers;
  owners: { value: string; label: string }[];
  onDone: (result: BulkResult) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation("common");
  const [pending, setPending] = useState<Pending>(null);
  const [owner, setOwner] = useState<string | null>(null);
  const [tag, setTag] = useState("");
  const [busy, setBusy] = useState(false);
  const count = props.count;
  const what = props.noun(count);

  const run = async (action: () => Promise<BulkResult>) => {
    setBusy(true);
    try {
      props.onDone(await action());
    } finally {
      setBusy(false);
      setPending(null);
      setTag("");
      setOwner(null);
    }
  };

  const ownerName = props.owners.find((o) => o.value === owner)?.label ?? "";

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
          {t("bulk.selected", { count, what })}
        </Text>
        <Group gap="xs">
          {props.handlers.assign && (
            <Button
              size="sm"
              variant="default"
              leftSection={<IconUserShare size={16} aria-hidden />}
              onClick={() => setPending("assign")}
            >
              {t("bulk.assign")}
            </Button>
          )}
          {props.handlers.addTag && (
            <Button
              size="sm"
              variant="default"
              leftSection={<IconTag size={16} aria-hidden />}
              onClick={() => setPending("tag")}
            >
              {t("bulk.addTag")}
            </Button>
          )}
          {props.handlers.remove && (
            <Button
              size="sm"
              variant="default"
              c="red.8"
              leftSection={<IconTrash size={16} aria-hidden />}
              onClick={() => setPending("delete")}
            >
              {t("bulk.delete")}
            </Button>
          )}
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

      <Modal
        opened={pending === "assign"}
        onClose={() => setPending(null)}
        title={t("bulk.assignTitle", { what })}
      >
        <Stack>
          <Select
            label={t("bulk.owner")}
            data={props.owners}
            value={owner}
            onChange={setOwner}
            searchable
            data-autofocus
          />
          {owner && <Text>{t("bulk.assignConfirm", { what, owner: ownerName })}</Text>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setPending(null)}>
              {t("cancel")}
            </Button>
            <Button
              disabled={!owner}
              loading={busy}
              onClick={() =>
                owner && props.handlers.assign && run(() => props.handlers.assign!(owner))
              }
            >
              {t("bulk.assign")}
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Modal
        opened={pending === "tag"}
        onClose={() => setPending(null)}
        title={t("bulk.tagTitle", { what })}
      >
        <Stack>
          <TextInput
            label={t("bulk.tag")}
            value={tag}
            onChange={(e) => setTag(e.currentTarget.value)}
            data-autofocus
            maxLength={60}
          />
          {tag.trim() && <Text>{t("bulk.tagConfirm", { what, tag: tag.trim() })}</Text>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setPending(null)}>
              {t("cancel")}
            </Button>
            <Button
              disabled={!tag.trim()}
              loading={busy}
              onClick={() => props.handlers.addTag && run(() => props.handlers.addTag!(tag.trim()))}
            >
              {t("bulk.addTag")}
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Modal
        opened={pending === "delete"}
        onClose={() => setPending(null)}
        title={t("bulk.deleteTitle", { what })}
      >
        <Stack>
          <Text>{t("bulk.deleteConfirm", { what })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setPending(null)} data-autofocus>
              {t("cancel")}
            </Button>
            <Button
              color="red"
              loading={busy}
              onClick={() => props.handlers.remove && run(() => props.handlers.remove!())}
            >
              {t("bulk.delete")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
