import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconRotate } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrorMessage } from "../../../ui/errors";

/**
 * A settings action that cannot be taken back (delete, rotate a secret), behind a dialog that
 * says what happens. The trigger is the caller's; a refusal from the API stays in the dialog so
 * the admin reads it where they acted.
 */
export function ConfirmAction(props: {
  /** Renders what opens the dialog (a button), given the function that opens it. */
  trigger: (open: () => void) => ReactNode;
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
}) {
  const { t } = useTranslation("settings");
  const errorText = useErrorMessage();
  const [opened, modal] = useDisclosure(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setError(null);
    modal.close();
  };
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
      modal.close();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {props.trigger(modal.open)}
      <Modal
        closeButtonProps={{ "aria-label": t("close") }}
        opened={opened}
        onClose={close}
        title={props.title}
      >
        <Stack>
          <Text>{props.body}</Text>
          {error !== null && (
            <Alert color="red" c="dark" role="alert">
              {errorText(error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              {t("common:cancel")}
            </Button>
            <Button color="red.9" loading={busy} onClick={() => void confirm()}>
              {props.confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** "Rotate key / secret" on a settings row: asks first, then hands the new secret over. */
export function RotateButton<T>(props: {
  /** The button's accessible name, e.g. "Rotate key of Website". */
  label: string;
  text: string;
  title: string;
  body: string;
  confirmLabel: string;
  rotate: () => Promise<T>;
  onRotated: (issued: T) => void;
}) {
  return (
    <ConfirmAction
      title={props.title}
      body={props.body}
      confirmLabel={props.confirmLabel}
      onConfirm={() => props.rotate().then(props.onRotated)}
      trigger={(open) => (
        <Button
          size="xs"
          h={36}
          variant="default"
          leftSection={<IconRotate size={16} aria-hidden />}
          aria-label={props.label}
          onClick={open}
        >
          {props.text}
        </Button>
      )}
    />
  );
}
