import { Paper, Stack, Text } from "@mantine/core";
import { memo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import classes from "./RecordTable.module.css";
import type { Column } from "./types";

export interface RecordTableProps<T> {
  rows: T[];
  columns: Column<T>[];
  getId: (row: T) => string;
  getLabel: (row: T) => string;
  rowHref?: (row: T) => string;
  selectable?: boolean;
  selected: Set<string>;
  onSelectedChange: (selected: Set<string>) => void;
  phone: boolean;
  caption: string;
}

/*
 * Rows are plain table elements and native checkboxes styled by CSS, not one Mantine component
 * per cell: a page of 50 rows renders several times faster that way on a low-end phone.
 */

interface RowProps<T> {
  row: T;
  id: string;
  columns: Column<T>[];
  href?: string;
  label: string;
  selectable?: boolean;
  checked: boolean;
  onToggle: (id: string) => void;
  selectLabel: string;
}

function DeskRowInner<T>(props: RowProps<T>) {
  const navigate = useNavigate();
  const { href } = props;
  return (
    <tr
      data-selected={props.checked || undefined}
      data-link={href ? true : undefined}
      onClick={(e) => {
        // A click anywhere on the row opens it, except on its own controls.
        if (href && !(e.target as HTMLElement).closest("a,button,input,label")) navigate(href);
      }}
    >
      {props.selectable && (
        <td className={classes.checkCell}>
          <input
            type="checkbox"
            className={classes.check}
            aria-label={props.selectLabel}
            checked={props.checked}
            onChange={() => props.onToggle(props.id)}
          />
        </td>
      )}
      {props.columns.map((c, index) => (
        <td
          key={c.key}
          data-align={c.align}
          data-nowrap={c.nowrap || undefined}
          className={c.align === "right" ? "tabular" : undefined}
        >
          {index === 0 && href ? (
            <Link to={href} className={classes.primaryLink}>
              {c.render(props.row)}
            </Link>
          ) : (
            c.render(props.row)
          )}
        </td>
      ))}
    </tr>
  );
}
const DeskRow = memo(DeskRowInner) as typeof DeskRowInner;

function PhoneRowInner<T>(props: RowProps<T>) {
  const title = props.columns.find((c) => c.phone === "title") ?? props.columns[0];
  const subtitle = props.columns.filter((c) => c.phone === "subtitle");
  const meta = props.columns.filter((c) => c.phone === "meta");
  const body = (
    <>
      <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
        <Text fw={600} truncate>
          {title?.render(props.row)}
        </Text>
        {subtitle.map((c) => (
          <Text key={c.key} size="sm" c="dimmed" truncate component="div">
            {c.render(props.row)}
          </Text>
        ))}
      </Stack>
      {meta.length > 0 && (
        <Stack gap={2} align="flex-end" className="tabular">
          {meta.map((c) => (
            <div key={c.key} className={classes.meta}>
              {c.render(props.row)}
            </div>
          ))}
        </Stack>
      )}
    </>
  );
  return (
    <li className={classes.phoneRow} data-selected={props.checked || undefined}>
      {props.selectable && (
        <input
          type="checkbox"
          className={`${classes.check} ${classes.phoneCheck}`}
          aria-label={props.selectLabel}
          checked={props.checked}
          onChange={() => props.onToggle(props.id)}
        />
      )}
      {props.href ? (
        <Link to={props.href} className={classes.phoneLink}>
          {body}
        </Link>
      ) : (
        <div className={classes.phoneLink}>{body}</div>
      )}
    </li>
  );
}
const PhoneRow = memo(PhoneRowInner) as typeof PhoneRowInner;

export function RecordTable<T>(props: RecordTableProps<T>) {
  const { t } = useTranslation("common");
  const { rows, columns, getId, selected, onSelectedChange } = props;
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(getId(r)));
  const someSelected = !allSelected && rows.some((r) => selected.has(getId(r)));

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelectedChange(next);
  };

  const rowProps = (row: T): RowProps<T> => {
    const id = getId(row);
    const label = props.getLabel(row);
    return {
      row,
      id,
      columns,
      href: props.rowHref?.(row),
      label,
      selectable: props.selectable,
      checked: selected.has(id),
      onToggle: toggle,
      selectLabel: t("list.select", { name: label }),
    };
  };

  if (props.phone) {
    return (
      <Paper
        withBorder
        radius="md"
        component="ul"
        className={classes.phoneList}
        aria-label={props.caption}
      >
        {rows.map((row) => (
          <PhoneRow key={getId(row)} {...rowProps(row)} />
        ))}
      </Paper>
    );
  }

  return (
    <Paper withBorder radius="md" className={classes.scroller}>
      <table className={classes.table}>
        <caption className={classes.srOnly}>{props.caption}</caption>
        <thead>
          <tr>
            {props.selectable && (
              <th className={classes.checkCell}>
                <input
                  type="checkbox"
                  className={classes.check}
                  aria-label={t("list.selectAll")}
                  checked={allSelected}
                  ref={(el) => {
                    if (el) el.indeterminate = someSelected;
                  }}
                  onChange={() =>
                    onSelectedChange(allSelected ? new Set() : new Set(rows.map(getId)))
                  }
                />
              </th>
            )}
            {columns.map((c) => (
              <th key={c.key} data-align={c.align} style={{ width: c.width }}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <DeskRow key={getId(row)} {...rowProps(row)} />
          ))}
        </tbody>
      </table>
    </Paper>
  );
}
