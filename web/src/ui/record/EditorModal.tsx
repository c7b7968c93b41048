import { Modal, type ModalProps } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** What a settings list is editing: a record, a new one, or nothing (the modal is closed). */
export type Editing<T> = T | "new" | null;

/** The modal a settings list opens to create or edit one of its records; `children` gets the
 * record (null for a new one) and renders the form. */
export function EditorModal<T>(props: {
  editing: Editing<T>;
  onClose: () => void;
  newTitle: ReactNode;
  editTitle: ReactNode;
  size?: ModalProps["size"];
  fullScreen?: boolean;
  children: (record: T | null) => ReactNode;
}) {
  const { t } = useTranslation("common");
  const { editing } = props;
  return (
    <Modal
      closeButtonProps={{ "aria-label": t("close") }}
      opened={editing !== null}
      onClose={props.onClose}
      title={editing === "new" ? props.newTitle : props.editTitle}
      size={props.size ?? "lg"}
      fullScreen={props.fullScreen}
    >
      {editing !== null && props.children(editing === "new" ? null : editing)}
    </Modal>
  );
}
