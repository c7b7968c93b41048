import { ActionIcon, Button, Group, Table } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import type { ReactNode } from "react";

export interface RecordColumn<T> {
  /** The column's heading; empty for an actions column. */
  header?: ReactNode;
  cell: (row: T) => ReactNode;
  /** e.g. "tabular" for figures. */
  className?: string;
}

/** The table of a settings list (canned replies, queues, mailboxes, keywords…): one row a
 * record, scrolling sideways on a phone instead of squeezing its columns. */
export function RecordTable<T extends { id: string }>(props: {
  rows: readonly T[] | undefined;
  columns: RecordColumn<T>[];
  minWidth: number;
  highlightOnHover?: boolean;
  testId?: string;
}) {
  return (
    <Table.ScrollContainer minWidth={props.minWidth}>
      <Table highlightOnHover={props.highlightOnHover} data-testid={props.testId}>
        <Table.Thead>
          <Table.Tr>
            {props.columns.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed for a table
              <Table.Th key={i}>{c.header}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(props.rows ?? []).map((row) => (
            <Table.Tr key={row.id}>
              {props.columns.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed for a table
                <Table.Td key={i} className={c.className}>
                  {c.cell(row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A record's name in a settings list, as the button that opens its editor. */
export function EditNameButton(props: { onClick: () => void; children: ReactNode }) {
  return (
    <Button variant="subtle" size="compact-sm" onClick={props.onClick}>
      {props.children}
    </Button>
  );
}

/** "New …" above a settings list. */
export function NewRecordButton(props: { onClick: () => void; children: ReactNode }) {
  return (
    <Group justify="flex-end">
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={props.onClick}>
        {props.children}
      </Button>
    </Group>
  );
}

/** The red bin at the end of a settings row; `label` names what it removes. */
export function RemoveIconButton(props: { label: string; onClick: () => void }) {
  return (
    <ActionIcon variant="subtle" color="red" aria-label={props.label} onClick={props.onClick}>
      <IconTrash size={16} aria-hidden />
    </ActionIcon>
  );
}
