import { Button, Checkbox, Group, Modal, Stack, TextInput } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { type CSSProperties, type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../../api/errors";
import { useErrorMessage } from "../../../ui/errors";

export interface ViewNameValues {
  name: string;
  shared: boolean;
  isDefault: boolean;
}

export interface ViewNameDialogProps {
  opened: boolean;
  /** "create": name, share and default; "rename": the name only. */
  mode: "create" | "rename";
  initialName?: string;
  onClose: () => void;
  /** Another of the caller's own views of this list has this name. */
  isTaken: (name: string) => boolean;
  onSubmit: (values: ViewNameValues) => Promise<unknown>;
}

const ERROR_STYLES = {
  input: { "--input-color": "var(--mantine-color-text)" } as CSSProperties,
  error: { color: "var(--mantine-color-red-9)" },
};

/** Name a new view (or rename one). A missing or taken name is shown next to the field. */
export function ViewNameDialog(props: ViewNameDialogProps) {
  const { t } = useTranslation("views");
  const errorText = useErrorMessage();
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const [name, setName] = useState(props.initialName ?? "");
  const [shared, setShared] = useState(false);
  const [isDefault, setIsDefault] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!props.opened) return;
    setName(props.initialName ?? "");
    setShared(false);
    setIsDefault(false);
    setNameError(null);
    setFormError(null);
  }, [props.opened, props.initialName]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setNameError(t("errors.nameRequired"));
    if (props.isTaken(trimmed)) return setNameError(t("errors.nameTaken"));
    setBusy(true);
    setFormError(null);
    try {
      await props.onSubmit({ name: trimmed, shared, isDefault });
      props.onClose();
    } catch (error) {
      const problem = isApiError(error)
        ? error.problem.errors?.find((e) => e.field.replace(/^body\./, "") === "name")
        : undefined;
      if (problem) {
        setNameError(
          problem.code === "taken"
            ? t("errors.nameTaken")
            : problem.code === "required"
              ? t("errors.nameRequired")
              : problem.message,
        );
      } else setFormError(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.mode === "create" ? t("saveTitle") : t("renameTitle")}
      fullScreen={phone}
      closeButtonProps={{ "aria-label": t("common:close") }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t("name")}
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setNameError(null);
            }}
            error={nameError}
            // Mantine's error red (shade 6) is too faint for WCAG AA on white: a darker one.
            styles={ERROR_STYLES}
            maxLength={200}
            required
            data-autofocus
          />
          {props.mode === "create" && (
            <>
              <Checkbox
                label={t("shareLabel")}
                description={t("shareHint")}
                checked={shared}
                onChange={(e) => setShared(e.currentTarget.checked)}
              />
              <Checkbox
                label={t("defaultLabel")}
                checked={isDefault}
                onChange={(e) => setIsDefault(e.currentTarget.checked)}
              />
            </>
          )}
          {formError && (
            <div role="alert" style={{ color: "var(--mantine-color-red-9)" }}>
              {formError}
            </div>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t("common:cancel")}
            </Button>
            <Button type="submit" loading={busy}>
              {props.mode === "create" ? t("save") : t("rename")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
