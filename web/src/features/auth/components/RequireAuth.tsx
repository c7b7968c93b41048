import { Center, Loader } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation, useNavigate } from "react-router";
import { onUnauthorized } from "../../../api/client";
import { isNetworkError } from "../../../api/errors";
import { lastUser } from "../hooks/lastUser";
import { sessionKey, useSession } from "../hooks/useSession";

function signInPath(location: { pathname: string; search: string; hash: string }) {
  const here = `${location.pathname}${location.search}${location.hash}`;
  return here === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(here)}`;
}

/**
 * Shows its children only to a signed-in user. A 401 from any API call sends the user to
 * sign-in and, once signed in, back to where they were. Offline, the last user on this device
 * keeps the app shell.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation("common");
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();

  useEffect(
    () =>
      onUnauthorized(() => {
        client.setQueryData(sessionKey, null);
        const { pathname, search, hash } = window.location;
        navigate(signInPath({ pathname, search, hash }), { replace: true });
      }),
    [client, navigate],
  );

  if (session.isPending) {
    return (
      <Center mih="100dvh">
        <Loader aria-label={t("loading")} />
      </Center>
    );
  }
  if (session.data) return <>{children}</>;
  if (session.isError && isNetworkError(session.error) && lastUser()) return <>{children}</>;
  return <Navigate to={signInPath(location)} replace />;
}
