import {
  Button,
  Collapse,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useTeams } from "../../settings/hooks/useSettings";
import { useUserOptions } from "../../users/hooks/useUsers";
import {
  activeFilterCount,
  FILTER_KEYS,
  FILTERS,
  type FilterKey,
  INBOX_SORTS,
  type InboxState,
} from "../inboxParams";

/** Search, the six value filters, team, assignee and sort; every change goes to the URL. */
export function InboxFilters(props: {
  state: InboxState;
  onChange: (next: InboxState) => void;
  /** On a phone the search stays in view and the filters fold away (`open`). */
  phone?: boolean;
  open?: boolean;
}) {
  const { t } = useTranslation("social");
  const { state, onChange } = props;
  const users = useUserOptions();
  const teams = useTeams();
  const [q, setQ] = useState(state.q);
  const pushQ = useDebouncedCallback((value: string) => onChange({ ...state, q: value }), 300);
  const filterLabel = (key: FilterKey) => t(`filter.${key}`);
  const optionLabel = (key: FilterKey, value: string) =>
    t(`${key === "language" ? "language" : key}.${value}`);

  return (
    <>
      <Group gap="xs" wrap="nowrap" align="flex-end">
        <TextInput
          type="search"
          aria-label={t("search")}
          placeholder={t("search")}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            pushQ(e.currentTarget.value);
          }}
          style={{ flex: 1 }}
        />
        <Select
          aria-label={t("sort.label")}
          data={INBOX_SORTS.map((s) => ({ value: s, label: t(`sort.${s}`) }))}
          value={state.sort}
          allowDeselect={false}
          onChange={(v) => v && onChange({ ...state, sort: v, post: state.post })}
          w={170}
        />
      </Group>
      <Collapse expanded={!props.phone || Boolean(props.open)}>
        <Stack gap="xs">
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" verticalSpacing="xs">
            {FILTER_KEYS.map((key) => (
              <MultiSelect
                key={key}
                label={filterLabel(key)}
                placeholder={state.filters[key].length ? undefined : t("filter.any")}
                data={FILTERS[key].map((v) => ({ value: v, label: optionLabel(key, v) }))}
                value={state.filters[key]}
                onChange={(values) =>
                  onChange({ ...state, filters: { ...state.filters, [key]: values } })
                }
                size="xs"
                clearable
                comboboxProps={{ withinPortal: true }}
                data-testid={`filter-${key}`}
              />
            ))}
            <Select
              label={t("filter.team")}
              placeholder={t("filter.any")}
              data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
              value={state.teamId}
              onChange={(v) => onChange({ ...state, teamId: v })}
              size="xs"
              clearable
              searchable
            />
            <Select
              label={t("filter.assignee")}
              placeholder={t("filter.any")}
              data={[
                { value: "me", label: t("filter.me") },
                { value: "unassigned", label: t("filter.unassigned") },
                ...users,
              ]}
              value={state.assignee}
              onChange={(v) => onChange({ ...state, assignee: v })}
              size="xs"
              clearable
              searchable
            />
          </SimpleGrid>
          {activeFilterCount(state) > 0 && (
            <Group justify="flex-end">
              <Button
                variant="subtle"
                size="compact-sm"
                onClick={() =>
                  onChange({
                    ...state,
                    teamId: null,
                    assignee: null,
                    filters: Object.fromEntries(
                      FILTER_KEYS.map((k) => [k, []]),
                    ) as unknown as InboxState["filters"],
                  })
                }
              >
                {t("filter.clear", { count: activeFilterCount(state) })}
              </Button>
            </Group>
          )}
        </Stack>
      </Collapse>
    </>
  );
}
