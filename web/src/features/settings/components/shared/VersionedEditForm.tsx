import { Button, Group, Stack } from "@mantine/core";
import type { FormEventHandler, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { type ConflictSaver, type ConflictView, SaverConflictDialog } from "./SaverConflictDialog";

/**
 * An edit form in a settings dialog: the fields, Cancel and Save, and the conflict dialog that a
 * 412 opens over it (the save goes through `useVersionedSave`).
 */
export function VersionedEditForm<T extends object>(props: {
  onSubmit: FormEventHandler<HTMLFormElement>;
  onCancel: () => void;
  saveLabel: string;
  saver: ConflictSaver<T>;
  conflictView: ConflictView<T>;
  children: ReactNode;
}) {
  const { t } = useTranslation("common");
  return (
    <form noValidate onSubmit={props.onSubmit}>
      <Stack gap="sm">
        {props.children}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onCancel}>
            {t("common:cancel")}
          </Button>
          <Button type="submit" loading={props.saver.busy}>
            {props.saveLabel}
          </Button>
        </Group>
      </Stack>
      <SaverConflictDialog saver={props.saver} conflictView={props.conflictView} />
    </form>
  );
}
