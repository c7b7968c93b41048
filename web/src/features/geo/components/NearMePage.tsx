import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  Paper,
  SegmentedControl,
  Slider,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconCurrentLocation } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useErrorMessage } from "../../../ui/errors";
import { type RecordKind, useNearby, usePosition } from "../hooks/useGeo";
import { formatDistance, type LatLng, parsePoint } from "../lib/geo";
import { GeoMap } from "./GeoMap";

const RADII = [1, 2, 5, 10, 25, 50, 100];

export function NearMePage() {
  const { t, i18n } = useTranslation("geo");
  const errorText = useErrorMessage();
  const { state, locate } = usePosition();
  const [typed, setTyped] = useState("");
  const [typedPoint, setTypedPoint] = useState<LatLng | null>(null);
  const [radiusIndex, setRadiusIndex] = useState(2);
  const [kind, setKind] = useState<RecordKind>("people");
  const point = state.status === "ok" ? state.point : typedPoint;
  const radius = RADII[radiusIndex] ?? 5;
  const nearby = useNearby(point, radius, kind);
  const items = nearby.data?.items ?? [];
  const markers = useMemo(
    () =>
      items.map((i) => ({ id: i.id, label: i.name, latitude: i.latitude, longitude: i.longitude })),
    [items],
  );
  const typedInvalid = typed.trim() !== "" && parsePoint(typed) === null;

  return (
    <Stack gap="md">
      <Title order={1}>{t("nearMe.title")}</Title>
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          <Group align="flex-end" wrap="wrap">
            <Button
              leftSection={<IconCurrentLocation size={18} aria-hidden />}
              onClick={() => void locate()}
              loading={state.status === "locating"}
            >
              {t("useMyPosition")}
            </Button>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                const p = parsePoint(typed);
                if (p) setTypedPoint(p);
              }}
            >
              <Group align="flex-end" gap="xs">
                <TextInput
                  label={t("typedPoint")}
                  placeholder="24.8990, 91.8720"
                  value={typed}
                  onChange={(e) => setTyped(e.currentTarget.value)}
                  error={typedInvalid ? t("typedPointInvalid") : undefined}
                />
                <Button type="submit" variant="light" disabled={typedInvalid || !typed.trim()}>
                  {t("search")}
                </Button>
              </Group>
            </form>
          </Group>
          {state.status === "error" ? (
            <Alert color="orange">{t(`positionError.${state.reason}`)}</Alert>
          ) : null}
          <Group gap="lg" wrap="wrap">
            <div style={{ minWidth: 220, flex: 1 }}>
              <Text size="sm" fw={500} id="radius-label">
                {t("radius", { distance: formatDistance(radius * 1000, i18n.language) })}
              </Text>
              <Slider
                thumbLabel={t("radius", { distance: formatDistance(radius * 1000, i18n.language) })}
                min={0}
                max={RADII.length - 1}
                step={1}
                value={radiusIndex}
                onChange={setRadiusIndex}
                label={(v) => formatDistance((RADII[v] ?? 5) * 1000, i18n.language)}
                marks={RADII.map((_, i) => ({ value: i }))}
              />
            </div>
            <SegmentedControl
              aria-label={t("kind")}
              value={kind}
              onChange={(v) => setKind(v as RecordKind)}
              data={[
                { value: "people", label: t("people") },
                { value: "companies", label: t("companies") },
              ]}
            />
          </Group>
        </Stack>
      </Paper>

      {point === null ? (
        <Text c="dimmed">{t("nearMe.start")}</Text>
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Paper withBorder radius="md" p="md" component="section" aria-labelledby="near-list">
              <Title order={2} size="h4" id="near-list" mb="xs">
                {t("nearMe.found", { count: items.length })}
              </Title>
              {nearby.isError ? <Alert color="red">{errorText(nearby.error)}</Alert> : null}
              {nearby.data && "local" in nearby.data ? (
                <Text size="sm" c="dimmed" mb="xs" data-testid="nearby-local">
                  {t("nearMe.local")}
                </Text>
              ) : null}
              <ol data-testid="nearby-list" style={{ margin: 0, paddingInlineStart: 20 }}>
                {items.map((item) => (
                  <li key={item.id} data-testid="nearby-item">
                    <Group justify="space-between" wrap="nowrap" py={4}>
                      <div style={{ minWidth: 0 }}>
                        <Anchor component={Link} to={`/${item.kind}/${item.id}`}>
                          {item.name}
                        </Anchor>
                        {item.city ? (
                          <Text size="xs" c="dimmed">
                            {item.city}
                          </Text>
                        ) : null}
                      </div>
                      <Text size="sm" fw={500} data-testid="nearby-distance">
                        {formatDistance(item.distance_m, i18n.language)}
                      </Text>
                    </Group>
                  </li>
                ))}
              </ol>
              {nearby.isSuccess && items.length === 0 ? (
                <Text c="dimmed">{t("nearMe.none")}</Text>
              ) : null}
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <GeoMap markers={markers} here={point} label={t("map")} height={360} />
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}
