import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { LifecycleStage } from "../../../api/types";
import { STAGE_COLOR } from "../lifecycle";

export function StageBadge({ stage }: { stage: LifecycleStage }) {
  const { t } = useTranslation("people");
  const color = STAGE_COLOR[stage];
  return (
    <Badge variant="light" color={color} tt="none">
      {t(`stage.${stage}`)}
    </Badge>
  );
}
