import {
  AppShell,
  Avatar,
  Box,
  Button,
  Center,
  Divider,
  Drawer,
  Group,
  Kbd,
  Loader,
  NavLink as MantineNavLink,
  Menu,
  Stack,
  Text,
  UnstyledButton,
} from "@mantine/core";
import { useDisclosure, useHotkeys, useMediaQuery } from "@mantine/hooks";
import {
  IconDots,
  IconLanguage,
  IconLogout,
  IconSearch,
  IconUserCircle,
} from "@tabler/icons-react";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { useMe } from "../../features/auth/hooks/useMe";
import { useChangeLocale, useSignOut } from "../../features/auth/hooks/useSession";
import { NotificationBell } from "../../features/notifications/components/NotificationBell";
import { LazySyncIndicator } from "../../features/offline/components/LazySyncIndicator";
import { useSignOutGuard } from "../../features/offline/components/SignOutGuard";
import { GlobalSearch } from "../../features/search/components/GlobalSearch";
import { LANGUAGES } from "../../i18n";
import { LanguagePicker } from "../../ui/LanguagePicker";
import { Logo } from "../../ui/Logo";
import { OfflineBanner } from "../../ui/OfflineBanner";
import classes from "./AppLayout.module.css";
import { NAV, type NavItem } from "./nav";

function initials(name: string) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0])
    .join("")
    .toUpperCase();
}

function isActive(item: NavItem, pathname: string) {
  return item.to === "/" ? pathname === "/" : pathname.startsWith(item.to);
}

export function AppLayout() {
  const { t } = useTranslation("common");
  const me = useMe();
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const [searchOpened, search] = useDisclosure(false);
  const [moreOpened, more] = useDisclosure(false);
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const changeLocale = useChangeLocale();

  useHotkeys([["mod+K", () => search.open()]], []);

  const items = NAV.filter(
    (item) =>
      (!item.adminOnly || me?.role === "admin") && !(me?.role && item.hiddenFor?.includes(me.role)),
  );
  const signOutGuard = useSignOutGuard();
  const doSignOut = () =>
    signOutGuard.guard(() =>
      signOut.mutate(undefined, { onSettled: () => navigate("/sign-in", { replace: true }) }),
    );

  const userMenu = (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t("account.menu")} className={classes.avatarButton}>
          <Avatar color="brand" radius="xl" size={40}>
            {me ? initials(me.display_name) : <IconUserCircle aria-hidden />}
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{me?.display_name}</Menu.Label>
        <Menu.Item
          leftSection={<IconUserCircle size={18} aria-hidden />}
          onClick={() => navigate("/me")}
        >
          {t("account.profile")}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Label>
          <Group gap={6}>
            <IconLanguage size={14} aria-hidden />
            {t("language.label")}
          </Group>
        </Menu.Label>
        {LANGUAGES.map((language) => (
          <Menu.Item
            key={language.code}
            lang={language.code}
            onClick={() => changeLocale.mutate(language.code)}
            rightSection={me?.locale === language.code ? "✓" : null}
          >
            {language.label}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconLogout size={18} aria-hidden />}
          onClick={doSignOut}
          color="red.8"
        >
          {t("account.signOut")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 248, breakpoint: "sm", collapsed: { mobile: true } }}
      footer={{ height: 68, collapsed: !phone }}
      padding={phone ? "sm" : "lg"}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <NavLink to="/" className={classes.brand} aria-label={t("appName")}>
            <Logo size={32} />
            <Text fw={700} size="lg" visibleFrom="xs" component="span">
              {t("appName")}
            </Text>
          </NavLink>
          <Button
            variant="default"
            onClick={search.open}
            leftSection={<IconSearch size={18} aria-hidden />}
            rightSection={phone ? null : <Kbd size="xs">Ctrl K</Kbd>}
            className={classes.searchButton}
            styles={{ label: { flex: 1 } }}
            aria-label={t("search.open")}
          >
            <Text c="dimmed" size="sm" truncate>
              {t("search.placeholder")}
            </Text>
          </Button>
          <Group gap={4} wrap="nowrap">
            <LazySyncIndicator />
            <NotificationBell enabled={Boolean(me)} />
            {userMenu}
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t("nav.label")}>
        <Stack gap={4}>
          {items.map((item) => (
            <MantineNavLink
              key={item.to}
              component={NavLink}
              to={item.to}
              end={item.to === "/"}
              label={t(`nav.${item.key}`)}
              leftSection={<item.icon size={22} aria-hidden />}
              active={isActive(item, pathname)}
              className={classes.sideLink}
            />
          ))}
        </Stack>
      </AppShell.Navbar>

      <AppShell.Main className={classes.main}>
        <OfflineBanner />
        <Suspense
          fallback={
            <Center py="xl">
              <Loader aria-label={t("loading")} />
            </Center>
          }
        >
          <Box id="main" maw={1280} mx="auto" pt={phone ? "xs" : 0}>
            <Outlet />
          </Box>
        </Suspense>
      </AppShell.Main>

      <AppShell.Footer className={classes.footer}>
        <nav aria-label={t("nav.bottomLabel")} className={classes.bottomNav}>
          {items
            .filter((item) => item.bottom)
            .map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end={item.to === "/"}
                className={classes.bottomLink}
                data-active={isActive(item, pathname) || undefined}
              >
                <item.icon size={24} aria-hidden />
                <span>{t(`nav.${item.key}`)}</span>
              </NavLink>
            ))}
          <button
            type="button"
            className={classes.bottomLink}
            onClick={more.open}
            aria-haspopup="dialog"
          >
            <IconDots size={24} aria-hidden />
            <span>{t("nav.more")}</span>
          </button>
        </nav>
      </AppShell.Footer>

      <Drawer
        opened={moreOpened}
        onClose={more.close}
        position="bottom"
        title={t("nav.more")}
        size="auto"
      >
        <Stack gap={4} pb="md">
          {items
            .filter((item) => !item.bottom)
            .map((item) => (
              <MantineNavLink
                key={item.to}
                component={NavLink}
                to={item.to}
                label={t(`nav.${item.key}`)}
                leftSection={<item.icon size={22} aria-hidden />}
                onClick={more.close}
                className={classes.sideLink}
              />
            ))}
          <MantineNavLink
            component={NavLink}
            to="/me"
            label={t("account.profile")}
            leftSection={<IconUserCircle size={22} aria-hidden />}
            onClick={more.close}
            className={classes.sideLink}
          />
          <Divider my="sm" />
          <Text size="sm" fw={600}>
            {t("language.label")}
          </Text>
          <LanguagePicker onChange={(locale) => changeLocale.mutate(locale)} />
          <Divider my="sm" />
          <Button
            variant="light"
            color="red"
            leftSection={<IconLogout size={18} aria-hidden />}
            onClick={doSignOut}
          >
            {t("account.signOut")}
          </Button>
        </Stack>
      </Drawer>

      <GlobalSearch opened={searchOpened} onClose={search.close} />
      {signOutGuard.dialog}
    </AppShell>
  );
}
