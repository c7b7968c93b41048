import { Button, Modal } from "@mantine/core";
import { IconPencil } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";

/** "Edit" on a settings row: opens a dialog with the row's edit form, which closes it when done. */
export function EditDialogButton(props: {
  /** The button's accessible name, e.g. "Edit Website". */
  label: string;
  text: string;
  title: string;
  closeLabel: string;
  size?: string;
  /** The form, given the function that closes the dialog. */
  children: (close: () => void) => ReactNode;
}) {
  const [editing, setEditing] = useState(false);
  const close = () => setEditing(false);
  return (
    <>
      <Button
        size="xs"
        h={36}
        variant="default"
        leftSection={<IconPencil size={16} aria-hidden />}
        aria-label={props.label}
        onClick={() => setEditing(true)}
      >
        {props.text}
      </Button>
      <Modal
        opened={editing}
        onClose={close}
        title={props.title}
        closeButtonProps={{ "aria-label": props.closeLabel }}
        size={props.size}
      >
        {editing && props.children(close)}
      </Modal>
    </>
  );
}
