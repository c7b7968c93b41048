import {
  ActionIcon,
  Box,
  Group,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  UnstyledButton,
} from "@mantine/core";
import { IconCheck, IconPencil, IconX } from "@tabler/icons-react";
import { type ReactNode, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import classes from "./EditableField.module.css";

export type EditorKind =
  | "text"
  | "email"
  | "tel"
  | "number"
  | "date"
  | "textarea"
  | "select"
  | "tags";

export interface EditableFieldProps {
  label: string;
  /** What is shown when not editing. */
  display: ReactNode;
  /** The value the editor starts from. */
  value: string | string[];
  kind?: EditorKind;
  options?: { value: string; label: string }[];
  /** Resolve true when saved (the editor closes), false to stay open. */
  onSave: (value: string | string[]) => Promise<boolean>;
  error?: string;
  readOnly?: boolean;
  testId?: string;
  /**
   * A custom editor (a record picker, …) that saves when a value is picked, like a select:
   * `pick("")` clears the field.
   */
  renderEditor?: (editor: CustomEditor) => ReactNode;
  /** Beside the value, outside its edit button (a link to the linked record). */
  aside?: ReactNode;
}

export interface CustomEditor {
  label: string;
  error?: string;
  autoFocus: true;
  value: string;
  pick: (value: string) => void;
  onKeyDown: (event: React.KeyboardEvent<HTMLInputElement>) => void;
}

/** A field that reads as text and turns into an input in place. */
export function EditableField(props: EditableFieldProps) {
  const { t } = useTranslation("common");
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<string | string[]>(props.value);
  const [saving, setSaving] = useState(false);
  const labelId = useId();
  const kind = props.kind ?? "text";

  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the record while not editing
  useEffect(() => {
    if (!editing) setDraft(props.value);
  }, [props.value]);

  // A server-side error reopens the editor so the message sits next to the value.
  useEffect(() => {
    if (props.error) setEditing(true);
  }, [props.error]);

  const save = async (value: string | string[] = draft) => {
    setSaving(true);
    try {
      if (await props.onSave(value)) setEditing(false);
    } finally {
      setSaving(false);
    }
  };
  const cancel = () => {
    setDraft(props.value);
    setEditing(false);
  };

  if (!editing) {
    return (
      <div className={classes.row} data-testid={props.testId}>
        <Text size="sm" c="dimmed" id={labelId} className={classes.label}>
          {props.label}
        </Text>
        <Group gap={4} wrap="nowrap" className={classes.valueRow}>
          {props.readOnly ? (
            <Box className={classes.value}>{props.display || <Text c="dimmed">—</Text>}</Box>
          ) : (
            <UnstyledButton
              className={classes.valueButton}
              onClick={() => setEditing(true)}
              aria-label={t("record.edit", { field: props.label })}
            >
              <Box className={classes.value}>
                {props.display || <Text c="dimmed">{t("record.add")}</Text>}
              </Box>
              <IconPencil size={16} className={classes.pencil} aria-hidden />
            </UnstyledButton>
          )}
          {props.aside}
        </Group>
      </div>
    );
  }

  const common = {
    label: props.label,
    error: props.error,
    autoFocus: true,
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === "Escape") cancel();
      if (e.key === "Enter" && kind !== "textarea" && kind !== "tags") {
        e.preventDefault();
        void save();
      }
    },
  };

  let input: ReactNode;
  const custom = Boolean(props.renderEditor);
  if (props.renderEditor) {
    input = props.renderEditor({
      label: props.label,
      error: props.error,
      autoFocus: true,
      value: typeof draft === "string" ? draft : "",
      pick: (v) => {
        setDraft(v);
        void save(v);
      },
      onKeyDown: (e) => {
        if (e.key === "Escape") cancel();
      },
    });
  } else if (kind === "select") {
    input = (
      <Select
        {...common}
        data={props.options ?? []}
        value={typeof draft === "string" ? draft || null : null}
        onChange={(v) => {
          setDraft(v ?? "");
          void save(v ?? "");
        }}
        searchable
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
        defaultDropdownOpened
      />
    );
  } else if (kind === "tags") {
    input = (
      <TagsInput
        {...common}
        value={Array.isArray(draft) ? draft : []}
        onChange={setDraft}
        clearable
        description={t("record.tagsHint")}
      />
    );
  } else if (kind === "textarea") {
    input = (
      <Textarea
        {...common}
        autosize
        minRows={3}
        value={String(draft)}
        onChange={(e) => setDraft(e.currentTarget.value)}
      />
    );
  } else {
    input = (
      <TextInput
        {...common}
        type={kind}
        inputMode={kind === "number" ? "decimal" : undefined}
        value={String(draft)}
        onChange={(e) => setDraft(e.currentTarget.value)}
      />
    );
  }

  return (
    <Stack gap={6} className={classes.editing}>
      {input}
      <Group gap="xs" justify="flex-end">
        <ActionIcon variant="default" size={40} onClick={cancel} aria-label={t("cancel")}>
          <IconX size={18} aria-hidden />
        </ActionIcon>
        {kind !== "select" && !custom && (
          <ActionIcon size={40} onClick={() => void save()} loading={saving} aria-label={t("save")}>
            <IconCheck size={18} aria-hidden />
          </ActionIcon>
        )}
      </Group>
    </Stack>
  );
}
