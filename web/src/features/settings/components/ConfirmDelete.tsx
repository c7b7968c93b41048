import { ActionIcon, Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrorMessage } from "../../../ui/errors";

/**
 * A trash button that asks first. Settings deletions are for good (no bin), so the question
 * says what goes; a refusal from the API stays in the dialog.
 */
export function ConfirmDelete(props: {
  /** The button's accessible name, e.g. "Delete team Dhaka sales". */
  label: string;
  title: string;
  body: string;
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
      <ActionIcon
        variant="subtle"
        color="red.9"
        size={36}
        aria-label={props.label}
        onClick={modal.open}
      >
        <IconTrash size={18} aria-hidden />
      </ActionIcon>
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
              {t("common:delete")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
