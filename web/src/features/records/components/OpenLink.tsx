import { ActionIcon } from "@mantine/core";
import { IconArrowRight } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

/** A link to a linked record, beside its field (the field itself is the edit button). */
export function OpenLink({ to, name }: { to: string; name: string }) {
  const { t } = useTranslation("records");
  return (
    <ActionIcon
      component={Link}
      to={to}
      variant="subtle"
      color="brand.8"
      size={40}
      aria-label={t("open", { name })}
      title={t("open", { name })}
    >
      <IconArrowRight size={18} aria-hidden />
    </ActionIcon>
  );
}
