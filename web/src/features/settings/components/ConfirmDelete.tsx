import { ActionIcon } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { ConfirmAction } from "./ConfirmAction";

/**
 * A trash button that asks first. Settings deletions are for good (no bin), so the question
 * says what goes.
 */
export function ConfirmDelete(props: {
  /** The button's accessible name, e.g. "Delete team Dhaka sales". */
  label: string;
  title: string;
  body: string;
  onConfirm: () => Promise<unknown>;
}) {
  const { t } = useTranslation("settings");
  return (
    <ConfirmAction
      title={props.title}
      body={props.body}
      confirmLabel={t("common:delete")}
      onConfirm={props.onConfirm}
      trigger={(open) => (
        <ActionIcon
          variant="subtle"
          color="red.9"
          size={36}
          aria-label={props.label}
          onClick={open}
        >
          <IconTrash size={18} aria-hidden />
        </ActionIcon>
      )}
    />
  );
}
