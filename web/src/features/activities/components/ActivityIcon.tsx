import { ThemeIcon } from "@mantine/core";
import { IconMail, IconMapPin, IconNote, IconPhone, IconUsersGroup } from "@tabler/icons-react";
import type { ActivityKind } from "../../../api/types";

const ICONS = {
  call: IconPhone,
  meeting: IconUsersGroup,
  email: IconMail,
  note: IconNote,
  visit: IconMapPin,
};
const COLORS = { call: "blue", meeting: "grape", email: "cyan", note: "yellow", visit: "orange" };

export function ActivityIcon({ kind, size = 36 }: { kind: ActivityKind; size?: number }) {
  const Icon = ICONS[kind] ?? IconNote;
  return (
    <ThemeIcon variant="light" color={COLORS[kind] ?? "gray"} radius="xl" size={size} aria-hidden>
      <Icon size={size * 0.55} />
    </ThemeIcon>
  );
}
