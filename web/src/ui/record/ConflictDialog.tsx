import { Button, Group, Modal, Stack, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

export interface Conflict<T> {
  /** The record as the user saw it when they edited. */
  base: T;
  /** The record now, from the 412 answer. */
  current: T;
  /** What the user tried to save. */
  changes: Partial<T>;
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) {
    return value
      .map((v) =>
        typeof v === "object" && v ? (Object.values(v as object)[0] as string) : String(v),
      )
      .join(", ");
  }
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const IGNORED = new Set(["version", "updated_at", "created_at", "id"]);

/** Someone else saved first: show what they changed, and let the user re-apply their edit. */
export function ConflictDialog<T extends object>(props: {
  conflict: Conflict<T> | null;
  label: (field: string) => string;
  onReapply: () => void;
  onDiscard: () => void;
  busy?: boolean;
}) {
  const { t } = useTranslation("common");
  const c = props.conflict;
  const theirs = c
    ? (Object.keys(c.current) as (keyof T & string)[]).filter(
        (k) => !IGNORED.has(k) && JSON.stringify(c.base[k]) !== JSON.stringify(c.current[k]),
      )
    : [];
  const mine = c ? (Object.keys(c.changes) as (keyof T & string)[]) : [];

  return (
    <Modal
      opened={Boolean(c)}
      onClose={props.onDiscard}
      title={t("conflict.title")}
      size="lg"
      closeButtonProps={{ "aria-label": t("close") }}
    >
      {c && (
        <Stack>
          <Text>{t("conflict.body")}</Text>
          {theirs.length > 0 && (
            <>
              <Text fw={600}>{t("conflict.theirs")}</Text>
              <Table withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("conflict.field")}</Table.Th>
                    <Table.Th>{t("conflict.was")}</Table.Th>
                    <Table.Th>{t("conflict.now")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {theirs.map((k) => (
                    <Table.Tr key={k}>
                      <Table.Td>{props.label(k)}</Table.Td>
                      <Table.Td>{show(c.base[k])}</Table.Td>
                      <Table.Td fw={600}>{show(c.current[k])}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
          <Text fw={600}>{t("conflict.mine")}</Text>
          <Table withTableBorder>
            <Table.Tbody>
              {mine.map((k) => (
                <Table.Tr key={k}>
                  <Table.Td>{props.label(k)}</Table.Td>
                  <Table.Td fw={600}>{show(c.changes[k])}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onDiscard}>
              {t("conflict.keepTheirs")}
            </Button>
            <Button onClick={props.onReapply} loading={props.busy}>
              {t("conflict.reapply")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
