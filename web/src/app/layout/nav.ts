import {
  IconBuildingStore,
  IconChecklist,
  IconCopy,
  IconHeadset,
  IconHome,
  IconLayoutKanban,
  IconMapPin,
  IconMessageCircle,
  IconReceipt,
  IconReportMoney,
  IconRoute,
  IconSettings,
  IconUsers,
} from "@tabler/icons-react";

export interface NavItem {
  to: string;
  key: string;
  icon: typeof IconHome;
  adminOnly?: boolean;
  /** Roles that do not see it (their role has no access to what it shows). */
  hiddenFor?: string[];
  /** Shown in the phone's bottom bar (the rest live under "More"). */
  bottom?: boolean;
}

export const NAV: NavItem[] = [
  { to: "/", key: "today", icon: IconHome, bottom: true },
  { to: "/people", key: "people", icon: IconUsers, bottom: true },
  { to: "/companies", key: "companies", icon: IconBuildingStore },
  { to: "/pipeline", key: "pipeline", icon: IconLayoutKanban, bottom: true },
  { to: "/deals", key: "deals", icon: IconReportMoney },
  { to: "/orders", key: "orders", icon: IconReceipt },
  { to: "/service", key: "service", icon: IconHeadset, hiddenFor: ["marketing"] },
  { to: "/social", key: "social", icon: IconMessageCircle },
  { to: "/tasks", key: "tasks", icon: IconChecklist, bottom: true },
  { to: "/near-me", key: "nearMe", icon: IconMapPin },
  { to: "/route", key: "route", icon: IconRoute },
  { to: "/review", key: "review", icon: IconCopy },
  { to: "/settings", key: "settings", icon: IconSettings, adminOnly: true },
];
