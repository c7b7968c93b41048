import { Badge, Tooltip } from "@mantine/core";
import {
  IconBrandFacebook,
  IconBrandInstagram,
  IconBrandWhatsapp,
  IconBrandX,
  IconWorld,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { INTENT_COLOR, PRIORITY_COLOR, SENTIMENT_COLOR, STATUS_COLOR } from "../options";

const PLATFORM_ICON = {
  facebook: { Icon: IconBrandFacebook, color: "#1877F2" },
  instagram: { Icon: IconBrandInstagram, color: "#C13584" },
  whatsapp: { Icon: IconBrandWhatsapp, color: "#128C4A" },
  x: { Icon: IconBrandX, color: "#111111" },
  other: { Icon: IconWorld, color: "#5c6470" },
} as const;

/** The platform's mark, named for screen readers. */
export function PlatformIcon({ platform, size = 20 }: { platform: string; size?: number }) {
  const { t } = useTranslation("social");
  const entry = PLATFORM_ICON[platform as keyof typeof PLATFORM_ICON] ?? PLATFORM_ICON.other;
  const label = t(`platform.${platform}`, { defaultValue: platform });
  return (
    <Tooltip label={label} withinPortal>
      <entry.Icon
        size={size}
        color={entry.color}
        role="img"
        aria-label={label}
        style={{ flexShrink: 0 }}
      />
    </Tooltip>
  );
}

export function SentimentBadge(props: { sentiment: string | null; score?: number | null }) {
  const { t } = useTranslation("social");
  if (!props.sentiment) return null;
  const score =
    props.score === null || props.score === undefined
      ? ""
      : ` ${props.score > 0 ? "+" : ""}${props.score.toFixed(2)}`;
  return (
    <Badge
      variant="light"
      color={SENTIMENT_COLOR[props.sentiment] ?? "gray"}
      data-sentiment={props.sentiment}
    >
      {t(`sentiment.${props.sentiment}`)}
      {score}
    </Badge>
  );
}

export function IntentBadge({ intent }: { intent: string | null }) {
  const { t } = useTranslation("social");
  if (!intent) return null;
  return (
    <Badge variant="outline" color={INTENT_COLOR[intent] ?? "gray"} data-intent={intent}>
      {t(`intent.${intent}`)}
    </Badge>
  );
}

export function PriorityBadge(props: { priority: string; score?: number }) {
  const { t } = useTranslation("social");
  return (
    <Badge
      variant={props.priority === "urgent" ? "filled" : "light"}
      color={PRIORITY_COLOR[props.priority] ?? "gray"}
      className="tabular"
    >
      {t(`priority.${props.priority}`)}
      {props.score !== undefined ? ` · ${props.score}` : ""}
    </Badge>
  );
}

export function LanguageBadge({ language }: { language: string | null }) {
  const { t } = useTranslation("social");
  if (!language) return null;
  return (
    <Badge variant="default" tt="none">
      {t(`language.${language}`, { defaultValue: language })}
    </Badge>
  );
}

export function PostStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation("social");
  return (
    <Badge variant="dot" color={STATUS_COLOR[status] ?? "gray"}>
      {t(`status.${status}`)}
    </Badge>
  );
}
