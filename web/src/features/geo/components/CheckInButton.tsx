import { Alert, Button, Stack, Text } from "@mantine/core";
import { IconMapPinCheck } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useErrorMessage } from "../../../ui/errors";
import { useCheckIn, usePosition } from "../hooks/useGeo";
import { formatDistance } from "../lib/geo";

interface Props {
  /** An existing visit; or leave it out and give a person or company to log a new visit. */
  activityId?: string;
  personId?: string;
  companyId?: string;
}

/** Check in with the phone's position; shows the distance to the customer and warns when far. */
export function CheckInButton({ activityId, personId, companyId }: Props) {
  const { t, i18n } = useTranslation(["geo", "activities"]);
  const errorText = useErrorMessage();
  const { state, locate } = usePosition();
  const checkIn = useCheckIn(t("activities:defaultSubject.visit"));
  const result = checkIn.data;

  const run = async () => {
    const pos = await locate();
    if (pos.status !== "ok") return;
    checkIn.mutate({
      activity_id: activityId ?? null,
      person_id: personId ?? null,
      company_id: companyId ?? null,
      latitude: pos.point.latitude,
      longitude: pos.point.longitude,
      accuracy_m: Math.min(pos.accuracy, 1_000_000),
    });
  };

  return (
    <Stack gap={4} align="flex-start">
      <Button
        size="sm"
        variant="light"
        leftSection={<IconMapPinCheck size={16} aria-hidden />}
        onClick={() => void run()}
        loading={state.status === "locating" || checkIn.isPending}
      >
        {t("checkIn.button")}
      </Button>
      {state.status === "error" ? (
        <Text size="xs" c="orange">
          {t(`positionError.${state.reason}`)}
        </Text>
      ) : null}
      {checkIn.isError ? (
        <Text size="xs" c="red">
          {errorText(checkIn.error)}
        </Text>
      ) : null}
      {result ? (
        result.pending ? (
          <Text size="xs" c="yellow.9" data-testid="checkin-result">
            {result.distance_m === null || result.distance_m === undefined
              ? t("checkIn.pendingNoDistance")
              : t("checkIn.pending", {
                  distance: formatDistance(result.distance_m, i18n.language),
                })}
          </Text>
        ) : result.flagged ? (
          <Alert color="orange" p="xs" data-testid="checkin-result">
            {t("checkIn.far", {
              distance: formatDistance(result.distance_m ?? 0, i18n.language),
              limit: formatDistance(result.max_distance_m, i18n.language),
            })}
          </Alert>
        ) : (
          <Text size="xs" c="green.8" data-testid="checkin-result">
            {result.distance_m === null || result.distance_m === undefined
              ? t("checkIn.noCustomerLocation")
              : t("checkIn.done", { distance: formatDistance(result.distance_m, i18n.language) })}
          </Text>
        )
      ) : null}
    </Stack>
  );
}
