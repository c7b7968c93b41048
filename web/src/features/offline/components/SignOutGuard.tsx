import { Button, Group, Modal, Text } from "@mantine/core";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { loadRuntime } from "./useSyncState";

/**
 * Signing out forgets this device's local copy, outbox included: with changes still waiting to
 * sync, ask first.
 */
export function useSignOutGuard() {
  const { t } = useTranslation("common");
  const [waiting, setWaiting] = useState<{ count: number; proceed: () => void } | null>(null);

  const guard = useCallback((proceed: () => void) => {
    void loadRuntime()
      .then(async (rt) => {
        const count = await rt.pendingCount();
        const go = () => void rt.forget().finally(proceed);
        if (count > 0) setWaiting({ count, proceed: go });
        else go();
      })
      .catch(proceed);
  }, []);

  const dialog = (
    <Modal
      opened={Boolean(waiting)}
      onClose={() => setWaiting(null)}
      title={t("sync.signOutTitle")}
      centered
    >
      <Text>{t("sync.signOutBody", { count: waiting?.count ?? 0 })}</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={() => setWaiting(null)}>
          {t("sync.signOutCancel")}
        </Button>
        <Button
          color="red"
          onClick={() => {
            waiting?.proceed();
            setWaiting(null);
          }}
        >
          {t("sync.signOutAnyway")}
        </Button>
      </Group>
    </Modal>
  );
  return { guard, dialog };
}
