import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { i18n as I18n } from "i18next";
import type { ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import { cssVariablesResolver, theme } from "../ui/theme";

/** Everything a screen needs around it; the app and the tests use the same. */
export function Providers(props: {
  queryClient: QueryClient;
  i18n: I18n;
  children: ReactNode;
  /** "test" turns off transitions and portals (Mantine's test mode). */
  env?: "default" | "test";
}) {
  return (
    <I18nextProvider i18n={props.i18n}>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} env={props.env}>
        <Notifications position="top-center" />
        <QueryClientProvider client={props.queryClient}>{props.children}</QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>
  );
}
