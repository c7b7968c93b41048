import { Button, Group, Modal, Stack } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * The dialog that hands over a secret the server shows only once (a signing secret, a write
 * key): it does not close on a click outside, and ends with a Done button.
 */
export function IssuedSecretDialog<I>(props: {
  issued: I | null;
  onClose: () => void;
  title: string;
  closeLabel: string;
  doneLabel: string;
  /** What the dialog shows of what was issued (a `SecretOnce` among it). */
  children: (issued: I) => ReactNode;
}) {
  const { issued } = props;
  return (
    <Modal
      opened={Boolean(issued)}
      onClose={props.onClose}
      title={props.title}
      closeOnClickOutside={false}
      closeButtonProps={{ "aria-label": props.closeLabel }}
      size="lg"
    >
      {issued && (
        <Stack>
          {props.children(issued)}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {props.doneLabel}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
