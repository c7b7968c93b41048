/**
 * Numbers, money and dates only through Intl. English uses Indian grouping (1,00,000) like
 * Bengali (bn-BD) and Hindi (hi-IN): our users count in lakhs and crores.
 */
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

const INTL_LOCALE: Record<string, string> = { en: "en-IN", bn: "bn-BD", hi: "hi-IN" };

export function intlLocale(language: string): string {
  return INTL_LOCALE[language.slice(0, 2)] ?? "en-IN";
}

function toNumber(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === "") return null;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

export function makeFormat(language: string) {
  const locale = intlLocale(language);
  const number = new Intl.NumberFormat(locale);
  const dateFmt = new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    year: "numeric",
  });
  const dayMonth = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short" });
  const dateTime = new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    hour: "numeric",
    minute: "2-digit",
  });
  const time = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const units = Object.fromEntries(
    (["day", "hour", "minute"] as const).map((unit) => [
      unit,
      new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "short" }),
    ]),
  ) as Record<"day" | "hour" | "minute", Intl.NumberFormat>;

  const parseDate = (value: string | Date) => {
    if (value instanceof Date) return value;
    // A bare date (2026-11-23) is a calendar day, not midnight UTC.
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  };

  return {
    locale,
    number: (value: string | number | null | undefined) => {
      const n = toNumber(value);
      return n === null ? "" : number.format(n);
    },
    money: (
      amount: string | number | null | undefined,
      currency: string | null | undefined,
      options: { compact?: boolean } = {},
    ) => {
      const n = toNumber(amount);
      if (n === null) return "";
      try {
        return new Intl.NumberFormat(locale, {
          style: "currency",
          currency: currency || "BDT",
          currencyDisplay: "narrowSymbol",
          notation: options.compact ? "compact" : "standard",
          maximumFractionDigits: options.compact ? 1 : Number.isInteger(n) ? 0 : 2,
        }).format(n);
      } catch {
        return `${number.format(n)} ${currency ?? ""}`.trim();
      }
    },
    date: (value: string | Date | null | undefined) =>
      value ? dateFmt.format(parseDate(value)) : "",
    dayMonth: (value: string | Date | null | undefined) =>
      value ? dayMonth.format(parseDate(value)) : "",
    dateTime: (value: string | Date | null | undefined) =>
      value ? dateTime.format(parseDate(value)) : "",
    time: (value: string | Date | null | undefined) => (value ? time.format(parseDate(value)) : ""),
    /** A span as its two largest units: "2 days 3 hr", "45 min" (sign ignored). */
    duration: (seconds: number | null | undefined) => {
      if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "";
      const minutes = Math.ceil(Math.abs(seconds) / 60);
      const parts: [number, "day" | "hour" | "minute"][] = [
        [Math.floor(minutes / 1440), "day"],
        [Math.floor((minutes % 1440) / 60), "hour"],
        [minutes % 60, "minute"],
      ];
      const shown = parts.filter(([n]) => n > 0).slice(0, 2);
      if (shown.length === 0) return units.minute.format(0);
      return shown.map(([n, unit]) => units[unit].format(n)).join(" ");
    },
    /** "in 3 days", "yesterday", "2 hours ago" */
    relative: (value: string | Date | null | undefined, now: Date = new Date()) => {
      if (!value) return "";
      const seconds = (parseDate(value).getTime() - now.getTime()) / 1000;
      const abs = Math.abs(seconds);
      if (abs < 60) return relative.format(Math.round(seconds), "second");
      if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
      if (abs < 86400) return relative.format(Math.round(seconds / 3600), "hour");
      if (abs < 86400 * 30) return relative.format(Math.round(seconds / 86400), "day");
      if (abs < 86400 * 365) return relative.format(Math.round(seconds / (86400 * 30)), "month");
      return relative.format(Math.round(seconds / (86400 * 365)), "year");
    },
  };
}

export type Format = ReturnType<typeof makeFormat>;

export function useFormat(): Format {
  const { i18n } = useTranslation();
  return useMemo(() => makeFormat(i18n.language), [i18n.language]);
}

/** Sum decimal amounts by currency: deals in ৳ and ₹ are never added together. */
export function totalsByCurrency(
  items: { amount?: string | null; currency?: string | null }[],
): { currency: string; amount: number; count: number }[] {
  const sums = new Map<string, { amount: number; count: number }>();
  for (const item of items) {
    const n = toNumber(item.amount);
    if (n === null) continue;
    const currency = item.currency || "BDT";
    const entry = sums.get(currency) ?? { amount: 0, count: 0 };
    // Sum in paisa to avoid float drift on many two-decimal amounts.
    entry.amount = Math.round(entry.amount * 100 + n * 100) / 100;
    entry.count += 1;
    sums.set(currency, entry);
  }
  return [...sums.entries()]
    .map(([currency, v]) => ({ currency, ...v }))
    .sort((a, b) => b.count - a.count);
}
