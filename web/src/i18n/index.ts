import i18n, { type BackendModule, type ResourceKey } from "i18next";
import { initReactI18next } from "react-i18next";
import type { Locale } from "../api/types";

export const LANGUAGES: { code: Locale; label: string }[] = [
  { code: "en", label: "English" },
  { code: "bn", label: "বাংলা" },
  { code: "hi", label: "हिन्दी" },
];

export const NAMESPACES = [
  "common",
  "auth",
  "search",
  "today",
  "people",
  "companies",
  "deals",
  "tasks",
  "activities",
  "settings",
  "records",
  "sources",
  "imports",
  "orders",
  "merges",
  "webhooks",
  "automation",
  "geo",
  "tickets",
  "social",
  "views",
] as const;
export type Namespace = (typeof NAMESPACES)[number];

const STORAGE_KEY = "sampark.locale";

export function isLocale(value: unknown): value is Locale {
  return value === "en" || value === "bn" || value === "hi";
}

/** The language to start in: the last one chosen on this device, else the browser's. */
export function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // storage may be unavailable (private mode)
  }
  const browser = (typeof navigator !== "undefined" ? navigator.language : "en").slice(0, 2);
  return isLocale(browser) ? browser : "en";
}

export function rememberLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // ignore
  }
  document.documentElement.lang = locale;
}

// One file per language and namespace, each its own chunk: a page loads only what it shows.
const loaders = import.meta.glob<{ default: ResourceKey }>("./locales/*/*.json");

const lazyBackend: BackendModule = {
  type: "backend",
  init() {},
  read(language, namespace, callback) {
    const load = loaders[`./locales/${language}/${namespace}.json`];
    if (!load) {
      callback(new Error(`No strings for ${language}/${namespace}`), false);
      return;
    }
    load().then(
      (module) => callback(null, module.default),
      (error: Error) => callback(error, false),
    );
  },
};

export async function initI18n(locale: Locale = initialLocale()) {
  document.documentElement.lang = locale;
  await i18n
    .use(lazyBackend)
    .use(initReactI18next)
    .init({
      lng: locale,
      fallbackLng: "en",
      supportedLngs: ["en", "bn", "hi"],
      ns: ["common"],
      defaultNS: "common",
      interpolation: { escapeValue: false },
      react: { useSuspense: true },
      returnNull: false,
    });
  return i18n;
}

/** Switch the interface language (of the given i18next instance: the app's by default). */
export async function changeLocale(locale: Locale, instance: typeof i18n = i18n) {
  rememberLocale(locale);
  await instance.changeLanguage(locale);
}

export default i18n;
