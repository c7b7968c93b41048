import { Autocomplete, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Deal } from "../../../api/types";
import { useNotify } from "../../../ui/errors";
import { useCloseDeal } from "../hooks/useDeals";

const REASONS = ["price", "competitor", "noBudget", "noDecision", "timing", "other"] as const;

/** Won, or lost with a reason (the reason feeds the win/loss report). */
export function CloseDealDialog(props: {
  deal: Deal | null;
  status: "won" | "lost" | null;
  onClose: () => void;
}) {
  const { t } = useTranslation("deals");
  const close = useCloseDeal();
  const notify = useNotify();
  const [reason, setReason] = useState("");

  useEffect(() => {
    if (props.deal) setReason("");
  }, [props.deal]);

  const confirm = () => {
    if (!props.deal || !props.status) return;
    close.mutate(
      { deal: props.deal, status: props.status, lostReason: reason.trim() || undefined },
      {
        onSuccess: (deal) => {
          notify.success(t(props.status === "won" ? "wonToast" : "lostToast", { name: deal.name }));
          props.onClose();
        },
        onError: notify.error,
      },
    );
  };

  return (
    <Modal
      opened={Boolean(props.deal && props.status)}
      onClose={props.onClose}
      title={props.status === "won" ? t("markWonTitle") : t("markLostTitle")}
    >
      <Stack>
        <Text>
          {t(props.status === "won" ? "markWonBody" : "markLostBody", {
            name: props.deal?.name ?? "",
          })}
        </Text>
        {props.status === "lost" && (
          <Autocomplete
            label={t("lostReason")}
            data={REASONS.map((r) => t(`reasons.${r}`))}
            value={reason}
            onChange={setReason}
            data-autofocus
            required
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t("common:cancel")}
          </Button>
          <Button
            color={props.status === "won" ? undefined : "red.9"}
            onClick={confirm}
            loading={close.isPending}
            disabled={props.status === "lost" && !reason.trim()}
          >
            {props.status === "won" ? t("markWon") : t("markLost")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
