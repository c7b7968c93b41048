import type { QueryClient } from "@tanstack/react-query";
import type { ComponentType } from "react";
import { createBrowserRouter, type LoaderFunctionArgs, type RouteObject } from "react-router";
import { RequireAuth } from "../features/auth/components/RequireAuth";
import {
  COMPANIES_DEFAULT_SORT,
  companiesListOptions,
} from "../features/companies/hooks/useCompanies";
import { DEALS_DEFAULT_SORT, dealsListOptions } from "../features/deals/hooks/useDeals";
import { PEOPLE_DEFAULT_SORT, peopleListOptions } from "../features/people/hooks/usePeople";
import { usersQueryOptions } from "../features/users/hooks/useUsers";
import i18n, { type Namespace } from "../i18n";
import { type ListParams, listParamsFrom } from "../lib/useListParams";
import { NotFound } from "../ui/NotFound";
import { RouteError } from "../ui/RouteError";
import { RouteLoading } from "../ui/RouteLoading";
import { AppLayout } from "./layout/AppLayout";

/**
 * Every screen is its own chunk, fetched together with its strings; lists also start fetching
 * their first page while the chunk downloads, so nothing waits on anything else.
 */
function screen(load: () => Promise<ComponentType>, namespaces: Namespace[]) {
  return async () => {
    const [Component] = await Promise.all([load(), i18n.loadNamespaces(namespaces)]);
    return { Component };
  };
}

function prefetchList(
  queryClient: QueryClient,
  prefetch: (params: ListParams) => Promise<unknown>,
  defaultSort: string,
) {
  return ({ request }: LoaderFunctionArgs) => {
    void prefetch(listParamsFrom(new URL(request.url).searchParams, defaultSort));
    void queryClient.prefetchQuery(usersQueryOptions());
    return null;
  };
}

export function routes(queryClient: QueryClient): RouteObject[] {
  return [
    {
      path: "/sign-in",
      HydrateFallback: RouteLoading,
      lazy: screen(
        async () => (await import("../features/auth/components/SignInPage")).SignInPage,
        ["auth"],
      ),
    },
    {
      path: "/",
      element: (
        <RequireAuth>
          <AppLayout />
        </RequireAuth>
      ),
      HydrateFallback: RouteLoading,
      errorElement: <RouteError />,
      children: [
        {
          index: true,
          lazy: screen(
            async () => (await import("../features/today/components/TodayPage")).TodayPage,
            ["today", "tasks", "activities", "records"],
          ),
        },
        {
          path: "near-me",
          lazy: screen(
            async () => (await import("../features/geo/components/NearMePage")).NearMePage,
            ["geo"],
          ),
        },
        {
          path: "check-ins",
          lazy: screen(
            async () => (await import("../features/geo/components/CheckInsPage")).CheckInsPage,
            ["geo"],
          ),
        },
        {
          path: "route",
          lazy: screen(
            async () => (await import("../features/geo/components/RoutePage")).RoutePage,
            ["geo"],
          ),
        },
        {
          path: "people",
          loader: prefetchList(
            queryClient,
            (p) => queryClient.prefetchInfiniteQuery(peopleListOptions(p)),
            PEOPLE_DEFAULT_SORT,
          ),
          lazy: screen(
            async () =>
              (await import("../features/people/components/PeopleListPage")).PeopleListPage,
            ["people", "records", "imports"],
          ),
        },
        {
          path: "sync",
          lazy: screen(
            async () =>
              (await import("../features/offline/components/ConflictsPage")).ConflictsPage,
            ["people", "companies", "deals"],
          ),
        },
        {
          path: "people/:id",
          lazy: screen(
            async () => (await import("../features/people/components/PersonPage")).PersonPage,
            [
              "people",
              "activities",
              "tasks",
              "deals",
              "records",
              "sources",
              "orders",
              "merges",
              "geo",
            ],
          ),
        },
        {
          path: "companies",
          loader: prefetchList(
            queryClient,
            (p) => queryClient.prefetchInfiniteQuery(companiesListOptions(p)),
            COMPANIES_DEFAULT_SORT,
          ),
          lazy: screen(
            async () =>
              (await import("../features/companies/components/CompaniesListPage"))
                .CompaniesListPage,
            ["companies", "records", "imports"],
          ),
        },
        {
          path: "companies/:id",
          lazy: screen(
            async () => (await import("../features/companies/components/CompanyPage")).CompanyPage,
            ["companies", "activities", "tasks", "deals", "records", "geo"],
          ),
        },
        {
          path: "pipeline",
          lazy: screen(
            async () => (await import("../features/deals/components/PipelinePage")).PipelinePage,
            ["deals", "records"],
          ),
        },
        {
          path: "deals",
          loader: prefetchList(
            queryClient,
            (p) => queryClient.prefetchInfiniteQuery(dealsListOptions(p)),
            DEALS_DEFAULT_SORT,
          ),
          lazy: screen(
            async () => (await import("../features/deals/components/DealsListPage")).DealsListPage,
            ["deals", "records"],
          ),
        },
        {
          path: "deals/:id",
          lazy: screen(
            async () => (await import("../features/deals/components/DealPage")).DealPage,
            ["deals", "activities", "tasks", "records"],
          ),
        },
        {
          path: "orders",
          lazy: screen(
            async () =>
              (await import("../features/orders/components/OrdersListPage")).OrdersListPage,
            ["orders", "records"],
          ),
        },
        {
          path: "tasks",
          lazy: screen(
            async () => (await import("../features/tasks/components/TasksPage")).TasksPage,
            ["tasks", "records"],
          ),
        },
        {
          path: "service",
          lazy: screen(
            async () => (await import("../features/tickets/components/ServicePage")).ServicePage,
            ["tickets", "records"],
          ),
        },
        {
          path: "service/dashboard",
          lazy: screen(
            async () =>
              (await import("../features/tickets/components/ServiceDashboard")).ServiceDashboard,
            ["tickets"],
          ),
        },
        {
          path: "service/tickets/:id",
          lazy: screen(
            async () => (await import("../features/tickets/components/TicketPage")).TicketPage,
            ["tickets", "records"],
          ),
        },
        {
          path: "social",
          lazy: screen(
            async () =>
              (await import("../features/social/components/SocialInboxPage")).SocialInboxPage,
            ["social", "tickets"],
          ),
        },
        {
          path: "social/analytics",
          lazy: screen(
            async () =>
              (await import("../features/social/components/SocialAnalyticsPage"))
                .SocialAnalyticsPage,
            ["social"],
          ),
        },
        {
          path: "review",
          lazy: screen(
            async () =>
              (await import("../features/review/components/ReviewQueuePage")).ReviewQueuePage,
            ["merges", "people"],
          ),
        },
        {
          path: "settings/:tab?",
          lazy: screen(
            async () => (await import("../features/settings/components/SettingsPage")).SettingsPage,
            ["settings", "sources", "webhooks", "automation", "records", "tickets", "social"],
          ),
        },
        {
          path: "import",
          lazy: screen(
            async () => (await import("../features/imports/components/ImportPage")).ImportPage,
            ["imports"],
          ),
        },
        {
          path: "me",
          lazy: screen(
            async () => (await import("../features/auth/components/ProfilePage")).ProfilePage,
            ["auth"],
          ),
        },
        { path: "*", Component: NotFound },
      ],
    },
  ];
}

export function createRouter(queryClient: QueryClient) {
  return createBrowserRouter(routes(queryClient));
}
