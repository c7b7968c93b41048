import { Alert, Group, Paper, Select, Skeleton, Stack, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrorMessage } from "../../../ui/errors";
import { LoadMore } from "../../../ui/list/LoadMore";
import { useMe } from "../../auth/hooks/useMe";
import { ORDER_CHANNELS, ORDER_STATUSES, useOrders } from "../hooks/useOrders";
import { OrdersEmpty, OrdersTable } from "./OrdersTable";
import { REFUNDING_ROLES } from "./PersonOrders";

/** Every order you may see: search by number, filter by channel, status and date. */
export function OrdersListPage() {
  const { t } = useTranslation("orders");
  const errorText = useErrorMessage();
  const me = useMe();
  const [q, setQ] = useState("");
  const [debounced] = useDebouncedValue(q, 250);
  const [channel, setChannel] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const orders = useOrders({ q: debounced, channel, status, from: from || null, to: to || null });
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t("title")}
      </Title>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          leftSection={<IconSearch size={16} aria-hidden />}
          placeholder={t("search")}
          aria-label={t("search")}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={240}
        />
        <Select
          aria-label={t("column.channel")}
          placeholder={t("anyChannel")}
          data={ORDER_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
          value={channel}
          onChange={setChannel}
          clearable
          w={170}
        />
        <Select
          aria-label={t("column.status")}
          placeholder={t("anyStatus")}
          data={ORDER_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          value={status}
          onChange={setStatus}
          clearable
          w={180}
        />
        <TextInput
          type="date"
          label={t("from")}
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={t("to")}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
        />
      </Group>
      <Paper withBorder radius="md" p="md">
        {orders.isError && (
          <Alert color="red" role="alert">
            {errorText(orders.error)}
          </Alert>
        )}
        {orders.isPending ? (
          <Skeleton height={160} radius="md" />
        ) : orders.items.length === 0 ? (
          !orders.isError && <OrdersEmpty />
        ) : (
          <OrdersTable
            orders={orders.items}
            showPerson
            canRefund={REFUNDING_ROLES.has(me?.role ?? "")}
          />
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
    </Stack>
  );
}
