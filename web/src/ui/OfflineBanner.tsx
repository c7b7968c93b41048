import { Alert } from "@mantine/core";
import { useNetwork } from "@mantine/hooks";
import { IconWifiOff } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

export function OfflineBanner() {
  const { t } = useTranslation("common");
  const { online } = useNetwork();
  if (online) return null;
  return (
    <Alert
      role="status"
      color="yellow"
      variant="filled"
      radius={0}
      icon={<IconWifiOff size={18} aria-hidden />}
      title={t("offline.title")}
      data-testid="offline-banner"
      styles={{
        root: { color: "#1a1a1a" },
        title: { color: "#1a1a1a" },
        message: { color: "#1a1a1a" },
      }}
    >
      {t("offline.body")}
    </Alert>
  );
}
