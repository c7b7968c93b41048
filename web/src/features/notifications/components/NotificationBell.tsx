import {
  ActionIcon,
  Button,
  Center,
  Divider,
  Group,
  Indicator,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications as toasts } from "@mantine/notifications";
import { IconBell, IconChecks } from "@tabler/icons-react";
import { useCallback, useId } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { Notification } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage } from "../../../ui/errors";
import {
  useMarkAllRead,
  useMarkRead,
  useNotificationStream,
  useNotifications,
} from "../hooks/useNotifications";
import classes from "./NotificationBell.module.css";

/** Where a notification's link goes: inside the app by the router, elsewhere by the browser. */
function internalPath(link: string): string | null {
  if (link.startsWith("/") && !link.startsWith("//")) return link;
  try {
    const url = new URL(link);
    return url.origin === location.origin ? `${url.pathname}${url.search}${url.hash}` : null;
  } catch {
    return null;
  }
}

/** The bell in the header: unread count, the latest notifications, live while the app is open. */
export function NotificationBell(props: { enabled?: boolean }) {
  const { t } = useTranslation("common");
  const fmt = useFormat();
  const navigate = useNavigate();
  const errorText = useErrorMessage();
  const [opened, { toggle, close }] = useDisclosure(false);
  const enabled = props.enabled ?? true;
  const titleId = useId();

  const onNew = useCallback(
    (n: Notification) =>
      toasts.show({
        color: "brand",
        title: n.title,
        message: (
          <Text size="sm" c="gray.8" component="span">
            {n.body || t("notifications.new")}
          </Text>
        ),
        closeButtonProps: { "aria-label": t("close") },
      }),
    [t],
  );
  const live = useNotificationStream(enabled, onNew);
  const list = useNotifications({ poll: !live, enabled });
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];

  const open = (n: Notification) => {
    if (!n.read_at) markRead.mutate(n.id);
    if (!n.link) return;
    close();
    const path = internalPath(n.link);
    if (path) navigate(path);
    else window.open(n.link, "_blank", "noopener");
  };

  const label =
    unread > 0 ? t("notifications.labelUnread", { count: unread }) : t("notifications.label");

  return (
    // The badge sits outside the popover's target: the target's ARIA belongs on the button.
    <Indicator
      label={<span aria-hidden>{unread > 99 ? "99+" : unread}</span>}
      disabled={unread === 0}
      size={18}
      offset={8}
      color="red.8"
      withBorder
      classNames={{ indicator: classes.badge }}
    >
      <Popover
        opened={opened}
        onChange={(o) => !o && close()}
        position="bottom-end"
        width={380}
        shadow="md"
        withinPortal
        trapFocus
        classNames={{ dropdown: classes.dropdown }}
      >
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            size={44}
            radius="xl"
            aria-label={label}
            aria-haspopup="dialog"
            aria-expanded={opened}
            onClick={toggle}
            data-testid="notification-bell"
          >
            <IconBell size={24} aria-hidden />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p={0} aria-labelledby={titleId}>
          <Group justify="space-between" px="md" py="xs" wrap="nowrap">
            <Text fw={600} id={titleId}>
              {t("notifications.title")}
            </Text>
            <Button
              size="compact-sm"
              variant="subtle"
              leftSection={<IconChecks size={16} aria-hidden />}
              disabled={unread === 0}
              loading={markAll.isPending}
              onClick={() => markAll.mutate()}
            >
              {t("notifications.markAll")}
            </Button>
          </Group>
          <Divider />
          <ScrollArea.Autosize mah={420} type="auto">
            {list.isPending ? (
              <Center py="lg">
                <Loader size="sm" aria-label={t("loading")} />
              </Center>
            ) : list.isError ? (
              <Text c="red.8" p="md" size="sm" role="alert">
                {errorText(list.error)}
              </Text>
            ) : items.length === 0 ? (
              <Text c="dimmed" p="md" size="sm">
                {t("notifications.empty")}
              </Text>
            ) : (
              <Stack gap={0} component="ul" className={classes.list}>
                {items.map((n) => (
                  <li key={n.id}>
                    <UnstyledButton
                      className={classes.item}
                      data-unread={!n.read_at || undefined}
                      onClick={() => open(n)}
                      aria-label={
                        n.read_at ? n.title : t("notifications.unreadItem", { title: n.title })
                      }
                    >
                      <Group gap="sm" wrap="nowrap" align="flex-start">
                        <span className={classes.dot} aria-hidden />
                        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
                          <Text size="sm" fw={n.read_at ? 400 : 600} lineClamp={2}>
                            {n.title}
                          </Text>
                          {n.body && (
                            <Text size="sm" c="dimmed" lineClamp={3}>
                              {n.body}
                            </Text>
                          )}
                          <Text size="xs" c="dimmed" component="time" dateTime={n.created_at}>
                            {fmt.relative(n.created_at)}
                          </Text>
                        </Stack>
                      </Group>
                    </UnstyledButton>
                  </li>
                ))}
              </Stack>
            )}
          </ScrollArea.Autosize>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
