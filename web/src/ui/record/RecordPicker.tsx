import { Loader, Select, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { type KeyboardEvent, useMemo, useRef, useState } from "react";

export interface PickerResults<T> {
  items: T[];
  isFetching: boolean;
}

export interface RecordPickerProps<T> {
  label: string;
  /** The chosen record's id, or null. */
  value: string | null;
  onChange: (id: string | null, record: T | null) => void;
  /**
   * The chosen record's name, looked up by the caller: the value may be far beyond the first
   * page of results, and still shows by name.
   */
  valueLabel: string | null | undefined;
  /** A search hook: the records matching `q` (the first page), fetched while `enabled`. */
  useSearch: (q: string, enabled: boolean) => PickerResults<T>;
  getId: (row: T) => string;
  getLabel: (row: T) => string;
  /** A second line under each option (an e-mail, a city). */
  getDescription?: (row: T) => string | null | undefined;
  placeholder?: string;
  /** Shown when nothing matches, and while searching. */
  nothingFound: string;
  searching: string;
  /** The clear button's name, for screen readers. */
  clearLabel: string;
  error?: string;
  description?: string;
  autoFocus?: boolean;
  defaultDropdownOpened?: boolean;
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement>) => void;
  clearable?: boolean;
  /** Debounce of the search, in milliseconds. */
  delay?: number;
}

/**
 * Choose one record by typing part of its name: the server searches as you type (debounced),
 * so every record can be found, not only the first page. Clearable.
 */
export function RecordPicker<T>(props: RecordPickerProps<T>) {
  const [opened, setOpened] = useState(Boolean(props.defaultDropdownOpened));
  const [search, setSearch] = useState("");
  // The input shows the chosen record's name: that is not a search.
  const typed = search.trim() === (props.valueLabel ?? "").trim() ? "" : search.trim();
  const [q] = useDebouncedValue(typed, props.delay ?? 250);
  const results = props.useSearch(q, opened);
  const seen = useRef(new Map<string, T>());
  for (const row of results.items) seen.current.set(props.getId(row), row);

  const { getId, getLabel, getDescription, value, valueLabel } = props;
  const data = useMemo(() => {
    const options = results.items.map((row) => ({
      value: getId(row),
      label: getLabel(row),
      description: getDescription?.(row) ?? "",
    }));
    if (value && !options.some((o) => o.value === value)) {
      options.unshift({ value, label: valueLabel ?? "", description: "" });
    }
    return options;
  }, [results.items, getId, getLabel, getDescription, value, valueLabel]);
  const descriptions = useMemo(() => new Map(data.map((o) => [o.value, o.description])), [data]);

  const waiting = results.isFetching || q !== typed;

  return (
    <Select
      label={props.label}
      placeholder={props.placeholder}
      description={props.description}
      error={props.error}
      autoFocus={props.autoFocus}
      data={data.map(({ value, label }) => ({ value, label }))}
      value={value}
      onChange={(id) => props.onChange(id, id ? (seen.current.get(id) ?? null) : null)}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server has filtered already: matches by e-mail or phone must stay.
      filter={({ options }) => options}
      clearable={props.clearable ?? true}
      // Mantine hides the clear button from keyboards and screen readers; ours can reach it.
      clearButtonProps={{ "aria-label": props.clearLabel, "aria-hidden": false, tabIndex: 0 }}
      allowDeselect={false}
      nothingFoundMessage={waiting ? props.searching : props.nothingFound}
      rightSection={opened && waiting ? <Loader size="xs" /> : undefined}
      defaultDropdownOpened={props.defaultDropdownOpened}
      onDropdownOpen={() => setOpened(true)}
      onDropdownClose={() => setOpened(false)}
      onKeyDown={props.onKeyDown}
      comboboxProps={{ withinPortal: true }}
      maxDropdownHeight={280}
      renderOption={({ option }) => {
        const line = descriptions.get(option.value);
        return (
          <div>
            <Text size="sm">{option.label}</Text>
            {line ? (
              <Text size="xs" c="dimmed">
                {line}
              </Text>
            ) : null}
          </div>
        );
      }}
    />
  );
}
