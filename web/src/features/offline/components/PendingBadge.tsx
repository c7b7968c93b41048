import { Badge } from "@mantine/core";
import { IconCloudUpload } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { onLocalChange, onSynced } from "../events";
import { loadLocal } from "../fallback";

const NONE: ReadonlySet<string> = new Set();

/** The ids of records with changes still in this device's outbox, kept current. */
export function usePendingIds(): ReadonlySet<string> {
  const [ids, setIds] = useState<ReadonlySet<string>>(NONE);
  useEffect(() => {
    let live = true;
    const check = () =>
      void loadLocal()
        .then((m) => m.pendingIds())
        .then((found) => live && setIds(found.size ? found : NONE))
        .catch(() => undefined);
    check();
    const offA = onLocalChange(check);
    const offB = onSynced(check);
    return () => {
      live = false;
      offA();
      offB();
    };
  }, []);
  return ids;
}

/** "Waiting to sync" on a record with changes still in this device's outbox. */
export function PendingBadge({ id }: { id: string }) {
  const pending = usePendingIds().has(id);
  if (!pending) return null;
  return <PendingMark />;
}

/** The badge itself (for a list that reads `usePendingIds` once). */
export function PendingMark({ testId = "pending-badge" }: { testId?: string }) {
  const { t } = useTranslation("common");
  return (
    <Badge
      color="yellow"
      variant="light"
      leftSection={<IconCloudUpload size={12} aria-hidden />}
      data-testid={testId}
    >
      {t("sync.pendingBadge")}
    </Badge>
  );
}
