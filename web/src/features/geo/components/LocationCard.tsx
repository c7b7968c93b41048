import { Alert, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconCurrentLocation, IconMapSearch } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useErrorMessage } from "../../../ui/errors";
import { type RecordKind, useGeocode, usePosition } from "../hooks/useGeo";
import { formatDistance } from "../lib/geo";
import { CheckInButton } from "./CheckInButton";
import { GeoMap } from "./GeoMap";

interface Located {
  id: string;
  version: number;
  latitude: number | null;
  longitude: number | null;
  location_source?: string | null;
  location_accuracy_m?: number | null;
  city: string | null;
  address_line: string | null;
}

interface Props {
  kind: RecordKind;
  record: Located;
  name: string;
  /** Save coordinates through the page's own update (with If-Match). */
  save: (changes: {
    latitude: number;
    longitude: number;
    location_source: "gps";
    location_accuracy_m: number;
  }) => void;
  saving?: boolean;
}

/** Where a person or company is: a small map, "set location from here", geocode, check in. */
export function LocationCard({ kind, record, name, save, saving }: Props) {
  const { t, i18n } = useTranslation("geo");
  const errorText = useErrorMessage();
  const { state, locate } = usePosition();
  const geocode = useGeocode(kind, record.id);
  const has = record.latitude !== null && record.longitude !== null;

  const fromHere = async () => {
    const pos = await locate();
    if (pos.status !== "ok") return;
    save({
      latitude: pos.point.latitude,
      longitude: pos.point.longitude,
      location_source: "gps",
      location_accuracy_m: Math.min(pos.accuracy, 1_000_000),
    });
  };

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="location-title">
      <Stack gap="xs">
        <Title order={2} size="h4" id="location-title">
          {t("location.title")}
        </Title>
        {has ? (
          <>
            <Text size="sm" data-testid="location-coords">
              {record.latitude?.toFixed(5)}, {record.longitude?.toFixed(5)}
              {record.location_source ? ` · ${t(`location.source.${record.location_source}`)}` : ""}
              {record.location_accuracy_m
                ? ` · ±${formatDistance(record.location_accuracy_m, i18n.language)}`
                : ""}
            </Text>
            <GeoMap
              markers={[
                {
                  id: record.id,
                  label: name,
                  latitude: record.latitude!,
                  longitude: record.longitude!,
                },
              ]}
              label={t("map")}
              height={180}
            />
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t("location.none")}
          </Text>
        )}
        <Group gap="xs" wrap="wrap">
          <Button
            size="sm"
            variant="light"
            leftSection={<IconCurrentLocation size={16} aria-hidden />}
            onClick={() => void fromHere()}
            loading={state.status === "locating" || saving}
          >
            {t("location.fromHere")}
          </Button>
          {record.city || record.address_line ? (
            <Button
              size="sm"
              variant="subtle"
              leftSection={<IconMapSearch size={16} aria-hidden />}
              onClick={() => geocode.mutate()}
              loading={geocode.isPending}
            >
              {t("location.geocode")}
            </Button>
          ) : null}
        </Group>
        <CheckInButton
          personId={kind === "people" ? record.id : undefined}
          companyId={kind === "companies" ? record.id : undefined}
        />
        {state.status === "error" ? (
          <Alert color="orange">{t(`positionError.${state.reason}`)}</Alert>
        ) : null}
        {geocode.isError ? <Alert color="red">{errorText(geocode.error)}</Alert> : null}
        {geocode.data ? (
          <Text size="xs" c="dimmed">
            {t("location.geocoded", { place: geocode.data.label })}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
