import { Badge, Button, Popover, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Person } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { useNotify } from "../../../ui/errors";
import { useClearManualField } from "../hooks/useClearManualField";

/**
 * Where a golden field's value came from: a small badge beside it; its popover says the source,
 * the survivorship rule and the date, or "edited in Sampark" with "Use source value".
 */
export function FieldSource(props: { person: Person; field: string; label: string }) {
  const { t } = useTranslation("merges");
  const fmt = useFormat();
  const clear = useClearManualField(props.person.id);
  const notify = useNotify();
  const manual = props.person.manual_fields?.includes(props.field) ?? false;
  const origin = props.person.field_sources?.[props.field];
  if (!manual && !origin?.source) return null;

  const text = manual
    ? t("provenance.manual")
    : [
        t("provenance.from", { source: origin?.source ?? "" }),
        t(`provenance.rule.${origin?.rule}`, { defaultValue: origin?.rule ?? "" }),
        fmt.date(origin?.received_at),
      ]
        .filter(Boolean)
        .join(" · ");

  return (
    <Popover width={260} position="bottom-end" withArrow shadow="md">
      <Popover.Target>
        <Badge
          component="button"
          type="button"
          size="sm"
          variant="light"
          // A shade index ("gray.8") makes Mantine's light variant paint that shade solid
          // (dark text on dark grey); the family name keeps the light tint.
          color={manual ? "grape" : "gray"}
          c={manual ? "grape.9" : "gray.9"}
          maw={140}
          style={{ cursor: "pointer", flexShrink: 0, textTransform: "none" }}
          aria-label={t("provenance.of", { field: props.label, text })}
          data-testid={`source-${props.field}`}
        >
          {manual ? t("provenance.manualShort") : (origin?.source ?? "")}
        </Badge>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="sm">{text}</Text>
          {manual && (
            <>
              <Text size="xs" c="dimmed">
                {t("provenance.manualHint")}
              </Text>
              <Button
                size="xs"
                variant="light"
                loading={clear.isPending}
                onClick={() =>
                  clear.mutate(props.field, {
                    onSuccess: () =>
                      notify.success(t("provenance.cleared", { field: props.label })),
                    onError: notify.error,
                  })
                }
              >
                {t("provenance.useSource")}
              </Button>
            </>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
