import { Alert, Paper, Skeleton, Title } from "@mantine/core";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useErrorMessage } from "../../../ui/errors";
import { LoadMore } from "../../../ui/list/LoadMore";
import { useMe } from "../../auth/hooks/useMe";
import { usePersonOrders } from "../hooks/useOrders";
import { OrdersEmpty, OrdersTable } from "./OrdersTable";

/** Roles that may refund (write orders): see `ROLE_GRANTS` on the server. */
export const REFUNDING_ROLES = new Set(["admin", "manager"]);

/** The Orders tab of a person. */
export function PersonOrders(props: { personId: string }) {
  const { t } = useTranslation("orders");
  const errorText = useErrorMessage();
  const me = useMe();
  const orders = usePersonOrders(props.personId);
  const titleId = useId();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={titleId}>
      <Title order={2} size="h4" mb="xs" id={titleId}>
        {t("title")}
      </Title>
      {orders.isError && (
        <Alert color="red" role="alert">
          {errorText(orders.error)}
        </Alert>
      )}
      {orders.isPending ? (
        <Skeleton height={120} radius="md" />
      ) : orders.items.length === 0 ? (
        !orders.isError && <OrdersEmpty />
      ) : (
        <OrdersTable orders={orders.items} canRefund={REFUNDING_ROLES.has(me?.role ?? "")} />
      )}
      {orders.hasNextPage && (
        <LoadMore
          hasNextPage={orders.hasNextPage}
          isFetchingNextPage={orders.isFetchingNextPage}
          fetchNextPage={() => void orders.fetchNextPage()}
          shown={orders.items.length}
        />
      )}
    </Paper>
  );
}
