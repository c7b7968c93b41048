import { ActionIcon, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

/** Delete, after a confirmation that says what happens (soft delete, 30 days to restore). */
export function DeleteButton(props: { what: string; onConfirm: () => void; loading?: boolean }) {
  const { t } = useTranslation("common");
  const [opened, modal] = useDisclosure(false);
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  return (
    <>
      {phone ? (
        <ActionIcon
          variant="subtle"
          color="red.9"
          size={44}
          onClick={modal.open}
          aria-label={t("deleteTitle", { what: props.what })}
        >
          <IconTrash size={20} aria-hidden />
        </ActionIcon>
      ) : (
        <Button
          variant="subtle"
          color="red.9"
          leftSection={<IconTrash size={16} aria-hidden />}
          onClick={modal.open}
        >
          {t("delete")}
        </Button>
      )}
      <Modal opened={opened} onClose={modal.close} title={t("deleteTitle", { what: props.what })}>
        <Stack>
          <Text>{t("deleteBody", { what: props.what })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={modal.close} data-autofocus>
              {t("cancel")}
            </Button>
            <Button color="red.9" onClick={props.onConfirm} loading={props.loading}>
              {t("delete")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
