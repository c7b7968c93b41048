import { Badge } from "@mantine/core";
import { IconCloudUpload } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { onLocalChange, onSynced } from "../events";
import { loadLocal } from "../fallback";

/** "Waiting to sync" on a record with changes still in this device's outbox. */
export function PendingBadge({ id }: { id: string }) {
  const { t } = useTranslation("common");
  const [pending, setPending] = useState(false);
  useEffect(() => {
    let live = true;
    const check = () =>
      void loadLocal()
        .then((m) => m.pendingIds())
        .then((ids) => live && setPending(ids.has(id)))
        .catch(() => undefined);
    check();
    const offA = onLocalChange(check);
    const offB = onSynced(check);
    return () => {
      live = false;
      offA();
      offB();
    };
  }, [id]);
  if (!pending) return null;
  return (
    <Badge
      color="yellow"
      variant="light"
      leftSection={<IconCloudUpload size={12} aria-hidden />}
      data-testid="pending-badge"
    >
      {t("sync.pendingBadge")}
    </Badge>
  );
}
