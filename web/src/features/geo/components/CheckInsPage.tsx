import { Alert, Anchor, Badge, Group, Paper, Stack, Switch, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage } from "../../../ui/errors";
import { useCheckIns } from "../hooks/useGeo";
import { formatDistance } from "../lib/geo";

/** Visit check-ins the caller may see; managers look at the flagged (far) ones. */
export function CheckInsPage() {
  const { t, i18n } = useTranslation("geo");
  const errorText = useErrorMessage();
  const format = useFormat();
  const [flaggedOnly, setFlaggedOnly] = useState(true);
  const list = useCheckIns(flaggedOnly);
  const items = list.data?.items ?? [];

  return (
    <Stack gap="md">
      <Title order={1}>{t("checkIns.title")}</Title>
      <Switch
        label={t("checkIns.flaggedOnly")}
        checked={flaggedOnly}
        onChange={(e) => setFlaggedOnly(e.currentTarget.checked)}
      />
      {list.isError ? <Alert color="red">{errorText(list.error)}</Alert> : null}
      <Paper withBorder radius="md" p="md">
        {list.isSuccess && items.length === 0 ? <Text c="dimmed">{t("checkIns.none")}</Text> : null}
        <Stack gap="xs" component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {items.map((c) => (
            <li key={c.activity_id} data-testid="checkin-row">
              <Group justify="space-between" wrap="wrap">
                <div>
                  {c.person_id ? (
                    <Anchor component={Link} to={`/people/${c.person_id}`}>
                      {c.subject}
                    </Anchor>
                  ) : c.company_id ? (
                    <Anchor component={Link} to={`/companies/${c.company_id}`}>
                      {c.subject}
                    </Anchor>
                  ) : (
                    <Text>{c.subject}</Text>
                  )}
                  <Text size="xs" c="dimmed">
                    {format.dateTime(c.checked_in_at)}
                  </Text>
                </div>
                <Group gap="xs">
                  <Text size="sm">
                    {c.distance_m === null || c.distance_m === undefined
                      ? t("checkIns.noDistance")
                      : formatDistance(c.distance_m, i18n.language)}
                  </Text>
                  {c.flagged ? (
                    <Badge color="orange" variant="light">
                      {t("checkIns.flagged")}
                    </Badge>
                  ) : null}
                </Group>
              </Group>
            </li>
          ))}
        </Stack>
      </Paper>
    </Stack>
  );
}
