import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { isRouteErrorResponse, useRouteError } from "react-router";

/** A route that failed to load (often: a new version was deployed, or the network dropped). */
export function RouteError() {
  const { t } = useTranslation("common");
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? error.statusText : t("routeError.body");
  return (
    <Center mih="60vh" p="md">
      <Stack align="center" gap="md" maw={420}>
        <Title order={1} size="h3">
          {t("routeError.title")}
        </Title>
        <Text c="dimmed" ta="center">
          {message}
        </Text>
        <Button onClick={() => window.location.reload()}>{t("routeError.reload")}</Button>
      </Stack>
    </Center>
  );
}
