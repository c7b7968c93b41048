import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMediaQuery } from "@mantine/hooks";
import { IconPencil } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CustomField, CustomFieldCreate } from "../../../api/types";
import { formErrorHandler, useNotify } from "../../../ui/errors";
import {
  type CustomObject,
  useCreateCustomField,
  useCustomFields,
  useDeleteCustomField,
} from "../hooks/useCustomFields";
import { ConfirmDelete } from "./ConfirmDelete";
import { CustomFieldEditForm } from "./CustomFieldEditForm";

const TYPES: CustomFieldCreate["type"][] = [
  "text",
  "number",
  "money",
  "date",
  "boolean",
  "select",
  "multiselect",
];

function slug(label: string) {
  return label
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "")
    .slice(0, 40);
}

export function CustomFieldsTab() {
  const { t } = useTranslation("settings");
  const [object, setObject] = useState<CustomObject>("people");
  const fields = useCustomFields(object);
  const create = useCreateCustomField();
  const remove = useDeleteCustomField();
  const notify = useNotify();
  const form = useForm({
    initialValues: {
      label: "",
      key: "",
      type: "text" as CustomFieldCreate["type"],
      options: [] as string[],
      required: false,
    },
  });
  const needsOptions = form.values.type === "select" || form.values.type === "multiselect";
  const [editing, setEditing] = useState<CustomField | null>(null);
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });

  return (
    <Stack>
      <SegmentedControl
        aria-label={t("fields.object")}
        value={object}
        onChange={(v) => setObject(v as CustomObject)}
        data={(["people", "companies", "deals"] as const).map((o) => ({
          value: o,
          label: t(`fields.objects.${o}`),
        }))}
      />
      <Paper withBorder radius="md" p="md">
        <form
          onSubmit={form.onSubmit((v) =>
            create.mutate(
              {
                object_type: object,
                label: v.label.trim(),
                key: v.key.trim() || slug(v.label),
                type: v.type,
                options: needsOptions ? v.options : [],
                required: v.required,
                position: (fields.data?.length ?? 0) + 1,
              },
              {
                onSuccess: () => {
                  form.reset();
                  notify.success(t("fields.created"));
                },
                onError: formErrorHandler(t, form, notify),
              },
            ),
          )}
        >
          <Stack gap="sm">
            <Group grow align="flex-start">
              <TextInput label={t("fields.label")} required {...form.getInputProps("label")} />
              <TextInput
                label={t("fields.key")}
                placeholder={slug(form.values.label)}
                description={t("fields.keyHint")}
                {...form.getInputProps("key")}
              />
              <Select
                label={t("fields.type")}
                data={TYPES.map((x) => ({ value: x, label: t(`fields.types.${x}`) }))}
                allowDeselect={false}
                {...form.getInputProps("type")}
              />
            </Group>
            {needsOptions && (
              <TagsInput label={t("fields.options")} {...form.getInputProps("options")} />
            )}
            <Group justify="space-between">
              <Switch
                label={t("fields.required")}
                {...form.getInputProps("required", { type: "checkbox" })}
              />
              <Button type="submit" loading={create.isPending}>
                {t("fields.create")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <Paper withBorder radius="md" style={{ overflowX: "auto" }}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("fields.label")}</Table.Th>
              <Table.Th>{t("fields.key")}</Table.Th>
              <Table.Th>{t("fields.type")}</Table.Th>
              <Table.Th w={96}>
                <VisuallyHidden>{t("fields.actions")}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(fields.data ?? []).length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text c="dimmed">{t("fields.empty")}</Text>
                </Table.Td>
              </Table.Tr>
            )}
            {(fields.data ?? []).map((f) => (
              <Table.Tr key={f.id} data-testid={`field-${f.key}`}>
                <Table.Td>
                  <Group gap={6}>
                    <Text fw={600}>{f.label}</Text>
                    {f.required && (
                      <Badge variant="light" color="gray" size="sm">
                        {t("fields.required")}
                      </Badge>
                    )}
                  </Group>
                  {f.description && (
                    <Text size="sm" c="dimmed">
                      {f.description}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <code>cf.{f.key}</code>
                </Table.Td>
                <Table.Td>
                  {t(`fields.types.${f.type}`)}
                  {f.options.length > 0 && (
                    <Text size="sm" c="dimmed">
                      {f.options.join(", ")}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size={36}
                      aria-label={t("fields.edit", { name: f.label })}
                      onClick={() => setEditing(f)}
                    >
                      <IconPencil size={18} aria-hidden />
                    </ActionIcon>
                    <ConfirmDelete
                      label={t("fields.delete", { name: f.label })}
                      title={t("fields.deleteTitle", { name: f.label })}
                      body={t("fields.deleteBody", { name: f.label })}
                      onConfirm={() =>
                        remove
                          .mutateAsync(f.id)
                          .then(() => notify.success(t("fields.deleted", { name: f.label })))
                      }
                    />
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Modal
        closeButtonProps={{ "aria-label": t("close") }}
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? t("fields.edit", { name: editing.label }) : ""}
        fullScreen={phone}
      >
        {editing && <CustomFieldEditForm field={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}
