import { Badge, Button, Group, Select, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { formErrorHandler, useNotify } from "../../../ui/errors";
import { RecordTable, RemoveIconButton } from "../../../ui/record/RecordTable";
import {
  useCreateKeyword,
  useDeleteKeyword,
  useKeywords,
  useToggleKeyword,
} from "../hooks/useSocialSettings";
import { KEYWORD_KINDS } from "../options";
import type { SocialKeywordCreate } from "../types";

/** Tracked brand, product, competitor and campaign terms (share of voice and rules use them). */
export function KeywordsTab() {
  const { t } = useTranslation("social");
  const keywords = useKeywords();
  const create = useCreateKeyword();
  const toggle = useToggleKeyword();
  const remove = useDeleteKeyword();
  const notify = useNotify();
  const form = useForm({
    initialValues: { term: "", kind: "brand" as SocialKeywordCreate["kind"], brand: "" },
    validate: { term: (v) => (v.trim() ? null : t("settings.required")) },
  });
  const submit = form.onSubmit((v) =>
    create.mutate(
      {
        term: v.term.trim(),
        kind: v.kind,
        brand: v.kind === "product" ? v.brand.trim() || null : null,
        enabled: true,
      },
      {
        onSuccess: () => form.reset(),
        onError: formErrorHandler(t, form, notify),
      },
    ),
  );
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t("settings.keywords.intro")}
      </Text>
      <form onSubmit={submit} noValidate>
        <Group gap="xs" align="flex-start">
          <TextInput label={t("settings.keywords.term")} {...form.getInputProps("term")} w={200} />
          <Select
            label={t("settings.keywords.kind")}
            data={KEYWORD_KINDS.map((k) => ({ value: k, label: t(`keywordKind.${k}`) }))}
            allowDeselect={false}
            {...form.getInputProps("kind")}
            w={160}
          />
          {form.values.kind === "product" && (
            <TextInput
              label={t("settings.keywords.brand")}
              {...form.getInputProps("brand")}
              w={160}
            />
          )}
          <Button
            type="submit"
            mt={25}
            leftSection={<IconPlus size={16} aria-hidden />}
            loading={create.isPending}
          >
            {t("settings.keywords.add")}
          </Button>
        </Group>
      </form>
      <RecordTable
        rows={keywords.data}
        minWidth={480}
        columns={[
          { header: t("settings.keywords.term"), cell: (k) => k.term },
          {
            header: t("settings.keywords.kind"),
            cell: (k) => (
              <>
                <Badge variant="light" color={k.kind === "competitor" ? "orange" : "indigo"}>
                  {t(`keywordKind.${k.kind}`)}
                </Badge>
                {k.brand ? ` · ${k.brand}` : ""}
              </>
            ),
          },
          {
            header: t("settings.enabled"),
            cell: (k) => (
              <Switch
                checked={k.enabled}
                aria-label={t("settings.keywords.enable", { term: k.term })}
                onChange={(e) =>
                  toggle.mutate(
                    { id: k.id, version: k.version, enabled: e.currentTarget.checked },
                    { onError: notify.error },
                  )
                }
              />
            ),
          },
          {
            cell: (k) => (
              <RemoveIconButton
                label={t("settings.keywords.remove", { term: k.term })}
                onClick={() => remove.mutate(k.id, { onError: notify.error })}
              />
            ),
          },
        ]}
      />
    </Stack>
  );
}
