import {
  Accordion,
  ActionIcon,
  Alert,
  Anchor,
  Button,
  CopyButton,
  Group,
  List,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconCalendarEvent, IconCheck, IconCopy } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage, useNotify } from "../../../ui/errors";
import {
  useCalendarFeed,
  useRevokeCalendarFeed,
  useRotateCalendarFeed,
} from "../hooks/useCalendarFeed";

/** My account → Calendar feed: a private iCalendar address of my tasks, meetings and visits. */
export function CalendarFeedCard() {
  const { t } = useTranslation("auth");
  const fmt = useFormat();
  const errorText = useErrorMessage();
  const notify = useNotify();
  const feed = useCalendarFeed();
  const rotate = useRotateCalendarFeed();
  const revoke = useRevokeCalendarFeed();
  const [fresh, setFresh] = useState<{ url: string; webcal: string | null } | null>(null);
  const [confirm, setConfirm] = useState<"rotate" | "revoke" | null>(null);

  const doRotate = () =>
    rotate.mutate(undefined, {
      onSuccess: (out) => {
        setConfirm(null);
        if (out.url) setFresh({ url: out.url, webcal: out.webcal_url });
      },
      onError: notify.error,
    });
  const doRevoke = () =>
    revoke.mutate(undefined, {
      onSuccess: () => {
        setConfirm(null);
        setFresh(null);
        notify.success(t("calendar.revoked"));
      },
      onError: notify.error,
    });

  const has = Boolean(feed.data);

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="calendar-feed-title">
      <Stack>
        <Group gap={8}>
          <IconCalendarEvent size={20} aria-hidden />
          <Title order={2} size="h4" id="calendar-feed-title">
            {t("calendar.title")}
          </Title>
        </Group>
        <Text size="sm" c="dimmed">
          {t("calendar.intro")}
        </Text>
        {feed.isError && <Alert color="red">{errorText(feed.error)}</Alert>}

        {fresh && (
          <Alert color="green" c="dark" title={t("calendar.newTitle")}>
            <Stack gap="xs">
              <Text size="sm">{t("calendar.copyNow")}</Text>
              <Group gap="xs" wrap="nowrap" align="flex-end">
                <TextInput
                  label={t("calendar.url")}
                  value={fresh.url}
                  readOnly
                  onFocus={(e) => e.currentTarget.select()}
                  style={{ flex: 1, minWidth: 0 }}
                  data-testid="calendar-feed-url"
                />
                <CopyButton value={fresh.url} timeout={2000}>
                  {({ copied, copy }) => (
                    <Tooltip label={copied ? t("calendar.copied") : t("calendar.copy")} withArrow>
                      <ActionIcon
                        size={42}
                        variant={copied ? "filled" : "default"}
                        color={copied ? "green" : undefined}
                        onClick={copy}
                        aria-label={copied ? t("calendar.copied") : t("calendar.copy")}
                      >
                        {copied ? (
                          <IconCheck size={18} aria-hidden />
                        ) : (
                          <IconCopy size={18} aria-hidden />
                        )}
                      </ActionIcon>
                    </Tooltip>
                  )}
                </CopyButton>
              </Group>
              {fresh.webcal && (
                <Anchor href={fresh.webcal} size="sm">
                  {t("calendar.openWebcal")}
                </Anchor>
              )}
            </Stack>
          </Alert>
        )}

        {feed.isSuccess && !has && (
          <Button onClick={doRotate} loading={rotate.isPending} style={{ alignSelf: "flex-start" }}>
            {t("calendar.create")}
          </Button>
        )}

        {has && feed.data && (
          <Stack gap="xs">
            <Text size="sm">
              {t("calendar.since", { date: fmt.date(feed.data.created_at) })}{" "}
              {feed.data.last_used_at
                ? t("calendar.lastUsed", { when: fmt.relative(feed.data.last_used_at) })
                : t("calendar.neverUsed")}
            </Text>
            {!fresh && (
              <Text size="sm" c="dimmed">
                {t("calendar.hidden")}
              </Text>
            )}
            {confirm ? (
              <Alert color={confirm === "revoke" ? "red" : "yellow"} c="dark">
                <Stack gap="xs">
                  <Text size="sm">
                    {confirm === "revoke" ? t("calendar.revokeAsk") : t("calendar.rotateAsk")}
                  </Text>
                  <Group gap="xs">
                    <Button
                      size="xs"
                      color={confirm === "revoke" ? "red" : undefined}
                      loading={rotate.isPending || revoke.isPending}
                      onClick={confirm === "revoke" ? doRevoke : doRotate}
                    >
                      {confirm === "revoke" ? t("calendar.revoke") : t("calendar.rotate")}
                    </Button>
                    <Button size="xs" variant="default" onClick={() => setConfirm(null)}>
                      {t("common:cancel")}
                    </Button>
                  </Group>
                </Stack>
              </Alert>
            ) : (
              <Group gap="xs">
                <Button variant="default" size="sm" onClick={() => setConfirm("rotate")}>
                  {t("calendar.rotate")}
                </Button>
                <Button
                  variant="subtle"
                  color="red"
                  c="red.8"
                  size="sm"
                  onClick={() => setConfirm("revoke")}
                >
                  {t("calendar.revoke")}
                </Button>
              </Group>
            )}
          </Stack>
        )}

        <Accordion variant="separated" radius="md">
          <Accordion.Item value="google">
            <Accordion.Control>{t("calendar.howGoogle")}</Accordion.Control>
            <Accordion.Panel>
              <List type="ordered" size="sm" spacing={4}>
                <List.Item>{t("calendar.google1")}</List.Item>
                <List.Item>{t("calendar.google2")}</List.Item>
                <List.Item>{t("calendar.google3")}</List.Item>
              </List>
            </Accordion.Panel>
          </Accordion.Item>
          <Accordion.Item value="outlook">
            <Accordion.Control>{t("calendar.howOutlook")}</Accordion.Control>
            <Accordion.Panel>
              <List type="ordered" size="sm" spacing={4}>
                <List.Item>{t("calendar.outlook1")}</List.Item>
                <List.Item>{t("calendar.outlook2")}</List.Item>
                <List.Item>{t("calendar.outlook3")}</List.Item>
              </List>
            </Accordion.Panel>
          </Accordion.Item>
          <Accordion.Item value="apple">
            <Accordion.Control>{t("calendar.howApple")}</Accordion.Control>
            <Accordion.Panel>
              <List type="ordered" size="sm" spacing={4}>
                <List.Item>{t("calendar.apple1")}</List.Item>
                <List.Item>{t("calendar.apple2")}</List.Item>
                <List.Item>{t("calendar.apple3")}</List.Item>
              </List>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
        <Text size="xs" c="dimmed">
          {t("calendar.refresh")}
        </Text>
      </Stack>
    </Paper>
  );
}
