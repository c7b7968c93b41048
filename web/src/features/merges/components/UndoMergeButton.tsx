import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { IconArrowBackUp } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNotify } from "../../../ui/errors";
import { type Merge, useUndoMerge } from "../hooks/useMerges";

/** "Undo merge", after a confirmation: both people are live again. */
export function UndoMergeButton(props: { merge: Merge; onUndone?: () => void }) {
  const { t } = useTranslation("merges");
  const [opened, setOpened] = useState(false);
  const undo = useUndoMerge();
  const notify = useNotify();
  const m = props.merge;
  return (
    <>
      <Button
        size="xs"
        variant="light"
        color="orange.9"
        leftSection={<IconArrowBackUp size={16} aria-hidden />}
        onClick={() => setOpened(true)}
      >
        {t("undo.action")}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t("undo.title")}>
        <Stack gap="md">
          <Text size="sm">
            {t("undo.body", { merged: m.merged_name ?? "", survivor: m.survivor_name ?? "" })}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              {t("common:cancel")}
            </Button>
            <Button
              color="orange.9"
              loading={undo.isPending}
              onClick={() =>
                undo.mutate(m.id, {
                  onSuccess: () => {
                    setOpened(false);
                    notify.success(t("undo.done", { merged: m.merged_name ?? "" }));
                    props.onUndone?.();
                  },
                  onError: notify.error,
                })
              }
            >
              {t("undo.confirm")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
