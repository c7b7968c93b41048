import {
  Anchor,
  Box,
  Button,
  Group,
  Indicator,
  Loader,
  Popover,
  Stack,
  Text,
  UnstyledButton,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconCloudCheck,
  IconCloudOff,
  IconCloudUpload,
  IconDownload,
  IconRefresh,
} from "@tabler/icons-react";
import { type ReactNode, useEffect, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useFormat } from "../../../i18n/format";
import { useSignOut } from "../../auth/hooks/useSession";
import { applyUpdate, getPwaState, install, subscribePwa } from "../pwa";
import { loadRuntime, useSyncState } from "./useSyncState";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" gap="md" wrap="nowrap">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600} ta="right">
        {children}
      </Text>
    </Group>
  );
}

/** Online or not, what waits to sync, when it last synced, and conflicts to resolve. */
export function SyncIndicator() {
  const { t } = useTranslation("common");
  const fmt = useFormat();
  const state = useSyncState();
  const pwa = useSyncExternalStore(subscribePwa, getPwaState);
  const [opened, setOpened] = useState(false);
  const signOut = useSignOut();
  const navigate = useNavigate();
  const revoked = state?.revoked ?? false;

  useEffect(() => {
    // A revoked device has already wiped its data: the session goes too.
    if (revoked)
      signOut.mutate(undefined, { onSettled: () => navigate("/sign-in", { replace: true }) });
  }, [revoked, signOut.mutate, navigate]);

  if (!state) return null;
  const problems = state.conflicts + state.rejected;
  const [icon, label, color] = !state.online
    ? [<IconCloudOff key="i" size={20} aria-hidden />, t("sync.offline"), "yellow.9"]
    : state.syncing
      ? [<Loader key="i" size={16} />, t("sync.syncing"), "dimmed"]
      : problems
        ? [
            <IconAlertTriangle key="i" size={20} aria-hidden />,
            t("sync.conflicts", { count: problems }),
            "orange.9",
          ]
        : state.pending
          ? [<IconCloudUpload key="i" size={20} aria-hidden />, t("sync.online"), "brand.8"]
          : [
              <IconCloudCheck key="i" size={20} aria-hidden />,
              state.lastSyncAt ? t("sync.synced") : t("sync.notSynced"),
              "brand.8",
            ];
  const summary = [
    label,
    state.pending ? t("sync.pending", { count: state.pending }) : null,
  ].filter(Boolean);

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={280} shadow="md">
      <Popover.Target>
        <UnstyledButton
          onClick={() => setOpened((o) => !o)}
          data-testid="sync-indicator"
          aria-label={`${t("sync.title")}: ${summary.join(", ")}`}
          px={8}
          py={6}
          style={{ borderRadius: 8 }}
        >
          <Group gap={6} wrap="nowrap">
            <Indicator
              disabled={!state.pending && !problems && !pwa.updateReady}
              label={state.pending || problems || undefined}
              size={state.pending || problems ? 16 : 8}
              color={problems ? "orange.3" : state.pending ? "yellow.5" : "brand"}
              styles={{ indicator: { color: "#1a1a1a" } }}
              hiddenFrom="sm"
            >
              <Box c={color} display="flex">
                {icon}
              </Box>
            </Indicator>
            <Group gap={6} wrap="nowrap" visibleFrom="sm">
              <Box c={color} display="flex">
                {icon}
              </Box>
              <Text size="sm" fw={600} span>
                {summary.join(" · ")}
              </Text>
            </Group>
          </Group>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={6}>
          <Text fw={700}>{t("sync.title")}</Text>
          <Row label={t("sync.connection")}>
            {state.online ? t("sync.online") : t("sync.offline")}
          </Row>
          <Row label={t("sync.pendingLabel")}>{state.pending}</Row>
          <Row label={t("sync.lastSync")}>
            {state.lastSyncAt ? fmt.relative(state.lastSyncAt) : t("sync.never")}
          </Row>
          <Row label={t("sync.conflictsLabel")}>{problems}</Row>
          {problems > 0 && (
            <Anchor component={Link} to="/sync" size="sm" onClick={() => setOpened(false)}>
              {t("sync.review")}
            </Anchor>
          )}
          {state.error && (
            <Text size="xs" c="red.9">
              {state.error}
            </Text>
          )}
          <Button
            mt="xs"
            size="xs"
            variant="light"
            leftSection={<IconRefresh size={16} aria-hidden />}
            disabled={!state.online}
            loading={state.syncing}
            onClick={() => void loadRuntime().then((rt) => rt.syncNow())}
          >
            {t("sync.now")}
          </Button>
          {pwa.updateReady && (
            <Button size="xs" onClick={applyUpdate}>
              {t("sync.update")}
            </Button>
          )}
          {pwa.canInstall && (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden />}
              onClick={() => void install()}
            >
              {t("sync.install")}
            </Button>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
