import {
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
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
import { usePosition, useRoute } from "../hooks/useGeo";
import { formatDistance, localDate } from "../lib/geo";
import { CheckInButton } from "./CheckInButton";
import { GeoMap } from "./GeoMap";

export function RoutePage() {
  const { t, i18n } = useTranslation("geo");
  const errorText = useErrorMessage();
  const [date, setDate] = useState(localDate());
  const { state, locate } = usePosition();
  const start = state.status === "ok" ? state.point : null;
  const route = useRoute(date, start);
  const stops = route.data?.stops ?? [];
  const markers = useMemo(
    () =>
      stops.map((s) => ({
        id: s.id,
        label: s.place_name ?? s.title,
        latitude: s.latitude,
        longitude: s.longitude,
      })),
    [stops],
  );

  return (
    <Stack gap="md">
      <Title order={1}>{t("route.title")}</Title>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          type="date"
          label={t("route.date")}
          value={date}
          onChange={(e) => setDate(e.currentTarget.value || localDate())}
        />
        <Button
          variant="light"
          leftSection={<IconCurrentLocation size={18} aria-hidden />}
          onClick={() => void locate()}
          loading={state.status === "locating"}
        >
          {t("route.fromHere")}
        </Button>
      </Group>
      {state.status === "error" ? (
        <Alert color="orange">{t(`positionError.${state.reason}`)}</Alert>
      ) : null}
      {route.isError ? <Alert color="red">{errorText(route.error)}</Alert> : null}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder radius="md" p="md" component="section" aria-labelledby="route-list">
            <Title order={2} size="h4" id="route-list">
              {t("route.stops", { count: stops.length })}
            </Title>
            {route.data ? (
              <Text size="sm" c="dimmed" mb="xs" data-testid="route-total">
                {t("route.total", { distance: formatDistance(route.data.total_m, i18n.language) })}
              </Text>
            ) : null}
            <ol data-testid="route-list" style={{ margin: 0, paddingInlineStart: 20 }}>
              {stops.map((s) => (
                <li key={s.id} data-testid="route-stop">
                  <Group justify="space-between" wrap="wrap" py={4}>
                    <div style={{ minWidth: 0 }}>
                      <Text fw={500}>
                        {s.person_id ? (
                          <Anchor component={Link} to={`/people/${s.person_id}`}>
                            {s.place_name ?? s.title}
                          </Anchor>
                        ) : s.company_id ? (
                          <Anchor component={Link} to={`/companies/${s.company_id}`}>
                            {s.place_name ?? s.title}
                          </Anchor>
                        ) : (
                          (s.place_name ?? s.title)
                        )}
                      </Text>
                      <Group gap={6}>
                        <Badge variant="light" size="sm">
                          {t(`route.kind.${s.kind}`)}
                        </Badge>
                        <Text size="xs" c="dimmed">
                          {formatDistance(s.leg_m, i18n.language)}
                        </Text>
                      </Group>
                    </div>
                    {s.kind === "visit" ? <CheckInButton activityId={s.id} /> : null}
                  </Group>
                </li>
              ))}
            </ol>
            {route.isSuccess && stops.length === 0 ? (
              <Text c="dimmed">{t("route.none")}</Text>
            ) : null}
            {route.data && route.data.unplaced.length > 0 ? (
              <Text size="sm" c="dimmed" mt="sm">
                {t("route.unplaced", { count: route.data.unplaced.length })}
              </Text>
            ) : null}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <GeoMap markers={markers} path here={start} label={t("map")} height={360} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
