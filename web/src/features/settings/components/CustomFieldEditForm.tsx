import {
  Button,
  Code,
  Group,
  NumberInput,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import type { CustomField, CustomFieldUpdate } from "../../../api/types";
import { useNotify } from "../../../ui/errors";
import { ConflictDialog } from "../../../ui/record/ConflictDialog";
import { useUpdateCustomField } from "../hooks/useCustomFields";
import { useVersionedUpdate } from "../hooks/useVersionedSave";

interface Values {
  label: string;
  description: string;
  options: string[];
  required: boolean;
  position: number;
}

const valuesOf = (f: CustomField): Values => ({
  label: f.label,
  description: f.description ?? "",
  options: f.options,
  required: f.required,
  position: f.position,
});

export const hasOptions = (f: Pick<CustomField, "type">) =>
  f.type === "select" || f.type === "multiselect";

/** What changed, and only that (a concurrent edit of another setting survives). */
export function fieldChanges(field: CustomField, v: Values): CustomFieldUpdate {
  const before = valuesOf(field);
  const changes: CustomFieldUpdate = {};
  if (v.label.trim() !== before.label) changes.label = v.label.trim();
  if (v.description.trim() !== before.description)
    changes.description = v.description.trim() || null;
  if (hasOptions(field) && v.options.join("\n") !== before.options.join("\n"))
    changes.options = v.options;
  if (v.required !== before.required) changes.required = v.required;
  if (v.position !== before.position) changes.position = v.position;
  return changes;
}

/** Edit a custom field's label, help text, choices, required flag and place; not its key or type. */
export function CustomFieldEditForm(props: { field: CustomField; onDone: () => void }) {
  const { t } = useTranslation("settings");
  const { field, onDone } = props;
  const notify = useNotify();
  const update = useUpdateCustomField();
  const form = useForm<Values>({ initialValues: valuesOf(field) });
  const saver = useVersionedUpdate<CustomField, CustomFieldUpdate>(field, update, {
    onSaved: () => {
      notify.success(t("fields.saved"));
      onDone();
    },
    onDiscard: (current) => form.setValues(valuesOf(current)),
  });
  const removed = field.options.filter((o) => !form.values.options.includes(o));
  const yesNo = (v: unknown) => (typeof v === "boolean" ? t(v ? "common:yes" : "common:no") : v);
  const shown = <T extends Partial<CustomField>>(x: T) =>
    "required" in x ? { ...x, required: yesNo(x.required) } : x;
  const c = saver.conflict;

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        if (!v.label.trim()) {
          form.setFieldError("label", t("fields.labelRequired"));
          return;
        }
        if (hasOptions(field) && v.options.length === 0) {
          form.setFieldError("options", t("fields.optionsRequired"));
          return;
        }
        const changes = fieldChanges(field, v);
        if (Object.keys(changes).length === 0) onDone();
        else void saver.saveChanges(changes);
      })}
    >
      <Stack gap="sm">
        <div>
          <Group gap="xs">
            <Text size="sm">
              {t("fields.fieldType", { type: t(`fields.types.${field.type}`) })}
            </Text>
            <Code>cf.{field.key}</Code>
          </Group>
          <Text size="xs" c="dimmed">
            {t("fields.fixedHint")}
          </Text>
        </div>
        <TextInput
          label={t("fields.label")}
          required
          data-autofocus
          maxLength={120}
          {...form.getInputProps("label")}
          error={form.errors.label ?? saver.errors.label}
        />
        <Textarea
          label={t("fields.description")}
          description={t("fields.descriptionHint")}
          autosize
          minRows={2}
          maxLength={500}
          {...form.getInputProps("description")}
          error={saver.errors.description}
        />
        {hasOptions(field) && (
          <TagsInput
            size="md"
            label={t("fields.options")}
            description={
              removed.length
                ? t("fields.optionsRemoved", { options: removed.join(", ") })
                : t("fields.optionsHint")
            }
            {...form.getInputProps("options")}
            error={form.errors.options ?? saver.errors.options}
          />
        )}
        <NumberInput
          size="md"
          label={t("fields.position")}
          description={t("fields.positionHint")}
          min={0}
          max={10000}
          allowDecimal={false}
          allowNegative={false}
          {...form.getInputProps("position")}
          onChange={(v) => form.setFieldValue("position", typeof v === "number" ? v : 0)}
          error={saver.errors.position}
        />
        <Switch
          label={t("fields.required")}
          description={t("fields.requiredHint")}
          {...form.getInputProps("required", { type: "checkbox" })}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t("common:cancel")}
          </Button>
          <Button type="submit" loading={saver.busy}>
            {t("common:save")}
          </Button>
        </Group>
      </Stack>
      <ConflictDialog
        conflict={
          c ? { base: shown(c.base), current: shown(c.current), changes: shown(c.changes) } : null
        }
        label={(key) =>
          ({
            label: t("fields.label"),
            description: t("fields.description"),
            options: t("fields.options"),
            required: t("fields.required"),
            position: t("fields.position"),
          })[key] ?? key
        }
        onReapply={() => void saver.reapply()}
        onDiscard={saver.discard}
        busy={saver.busy}
      />
    </form>
  );
}
