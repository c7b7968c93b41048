/**
 * The one render wrapper for component tests: Mantine, TanStack Query, a memory router and
 * i18next with the real catalogues (English unless told otherwise).
 */
import { type RenderOptions, render } from "@testing-library/react";
import { createInstance, type ResourceKey } from "i18next";
import type { ReactElement } from "react";
import { initReactI18next } from "react-i18next";
import { createMemoryRouter, RouterProvider } from "react-router";
import { Providers } from "../app/Providers";
import { createQueryClient } from "../app/queryClient";

const modules = import.meta.glob<{ default: ResourceKey }>("../i18n/locales/*/*.json", {
  eager: true,
});

export function catalogues() {
  const resources: Record<string, Record<string, ResourceKey>> = {};
  for (const [path, module] of Object.entries(modules)) {
    const [, language, namespace] = path.match(/locales\/(\w+)\/(\w+)\.json$/) ?? [];
    if (!language || !namespace) continue;
    resources[language] ??= {};
    resources[language][namespace] = module.default;
  }
  return resources;
}

export function testI18n(language = "en") {
  const i18n = createInstance();
  void i18n.use(initReactI18next).init({
    lng: language,
    fallbackLng: "en",
    resources: catalogues(),
    defaultNS: "common",
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
    initAsync: false,
  });
  return i18n;
}

export interface Options extends Omit<RenderOptions, "wrapper"> {
  route?: string;
  path?: string;
  language?: string;
}

export function renderWithProviders(ui: ReactElement, options: Options = {}) {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({
    queries: { ...queryClient.getDefaultOptions().queries, retry: false },
    mutations: { retry: false },
  });
  const i18n = testI18n(options.language);
  const path = options.path ?? "*";
  const router = createMemoryRouter(
    [
      { path, element: ui },
      ...(path === "/sign-in" ? [] : [{ path: "/sign-in", element: <div>sign-in page</div> }]),
      ...(path === "*" ? [] : [{ path: "*", element: <div>another page</div> }]),
    ],
    { initialEntries: [options.route ?? "/"] },
  );
  const result = render(
    <Providers queryClient={queryClient} i18n={i18n} env="test">
      <RouterProvider router={router} />
    </Providers>,
  );
  return { ...result, router, queryClient, i18n };
}
