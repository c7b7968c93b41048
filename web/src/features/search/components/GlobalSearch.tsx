import { Badge, Group, Loader, Modal, Stack, Text, TextInput, UnstyledButton } from "@mantine/core";
import { useDebouncedValue, useMediaQuery } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { type KeyboardEvent, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useErrorMessage } from "../../../ui/errors";
import { type SearchHit, useGlobalSearch } from "../hooks/useGlobalSearch";

const KIND_COLOR = { person: "brand", company: "grape", deal: "orange" } as const;

export function GlobalSearch(props: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation(["search", "deals"]);
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const [q, setQ] = useState("");
  const [debounced] = useDebouncedValue(q, 150);
  const [active, setActive] = useState(0);
  const search = useGlobalSearch(debounced);
  const hits = debounced.trim() ? (search.data ?? []) : [];
  const navigate = useNavigate();
  const errorText = useErrorMessage();
  const listId = useId();

  useEffect(() => {
    if (!props.opened) setQ("");
  }, [props.opened]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the highlight when results change
  useEffect(() => setActive(0), [search.data]);

  const open = (hit: SearchHit) => {
    props.onClose();
    navigate(hit.href);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive((i) => Math.min(i + 1, hits.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === "Enter" && hits[active]) {
      event.preventDefault();
      open(hits[active]);
    }
  };

  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      fullScreen={phone}
      size="lg"
      title={t("title")}
      yOffset="10vh"
    >
      <Stack gap="sm">
        <TextInput
          data-autofocus
          size="lg"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          placeholder={t("placeholder")}
          aria-label={t("label")}
          role="combobox"
          aria-expanded={hits.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={hits[active] ? `${listId}-${active}` : undefined}
          leftSection={<IconSearch size={20} aria-hidden />}
          rightSection={search.isFetching ? <Loader size="xs" aria-label={t("searching")} /> : null}
        />
        {search.isError && (
          <Text c="red.8" role="alert">
            {errorText(search.error)}
          </Text>
        )}
        <Stack gap={4} id={listId} role="listbox" aria-label={t("results")}>
          {hits.map((hit, index) => (
            <UnstyledButton
              key={`${hit.kind}-${hit.id}`}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              onClick={() => open(hit)}
              onMouseEnter={() => setActive(index)}
              p="sm"
              mih={52}
              style={{
                borderRadius: 8,
                background: index === active ? "var(--mantine-color-brand-0)" : undefined,
              }}
            >
              <Group justify="space-between" wrap="nowrap">
                <div style={{ minWidth: 0 }}>
                  <Text fw={600} truncate>
                    {hit.title}
                  </Text>
                  {hit.subtitle && (
                    <Text size="sm" c="dimmed" truncate>
                      {hit.kind === "deal" ? t(`deals:status.${hit.subtitle}`) : hit.subtitle}
                    </Text>
                  )}
                </div>
                <Badge variant="light" color={KIND_COLOR[hit.kind]}>
                  {t(`kind.${hit.kind}`)}
                </Badge>
              </Group>
            </UnstyledButton>
          ))}
          {debounced.trim() && search.isSuccess && hits.length === 0 && (
            <Text c="dimmed" ta="center" py="lg">
              {t("empty", { q: debounced.trim() })}
            </Text>
          )}
          {!debounced.trim() && (
            <Text c="dimmed" size="sm" ta="center" py="md">
              {t("hint")}
            </Text>
          )}
        </Stack>
      </Stack>
    </Modal>
  );
}
