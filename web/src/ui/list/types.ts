import type { ReactNode } from "react";
import type { FieldType } from "../../lib/filter";

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** The plain value for CSV export (defaults to not exported). */
  csv?: (row: T) => string | number | boolean | null | undefined;
  /** Where the column shows on a phone, if at all. */
  phone?: "title" | "subtitle" | "meta";
  align?: "left" | "right";
  /** Keep on one line (short values: phone numbers, dates, badges). */
  nowrap?: boolean;
  width?: number | string;
}

export interface FilterFieldDef {
  field: string;
  label: string;
  type: FieldType;
  options?: { value: string; label: string }[];
}

export interface SortOption {
  value: string;
  label: string;
}

export interface BulkAction {
  key: string;
  label: string;
  icon?: ReactNode;
  color?: string;
  /** Run the action on the selected ids; resolves when done. */
  run: (ids: string[]) => void;
}
