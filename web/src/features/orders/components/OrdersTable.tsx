import { ActionIcon, Anchor, Badge, Group, Table, Text } from "@mantine/core";
import { IconChevronDown, IconChevronRight } from "@tabler/icons-react";
import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../i18n/format";
import type { Order } from "../hooks/useOrders";
import { RefundButton } from "./RefundButton";

const STATUS_COLORS: Record<string, string> = {
  placed: "blue",
  paid: "green",
  partially_refunded: "orange",
  refunded: "red",
  cancelled: "gray",
};

export function StatusBadge(props: { status: string }) {
  const { t } = useTranslation("orders");
  return (
    <Badge color={STATUS_COLORS[props.status] ?? "gray"} variant="light" data-testid="order-status">
      {t(`status.${props.status}`)}
    </Badge>
  );
}

/** Orders as a table; a row opens to show its lines and refunds. */
export function OrdersTable(props: { orders: Order[]; showPerson?: boolean; canRefund?: boolean }) {
  const { t } = useTranslation("orders");
  const fmt = useFormat();
  const [open, setOpen] = useState<string | null>(null);
  const columns = 6 + (props.showPerson ? 1 : 0) + (props.canRefund ? 1 : 0);
  return (
    <Table.ScrollContainer minWidth={props.showPerson ? 720 : 440}>
      <Table verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36} />
            <Table.Th>{t("column.number")}</Table.Th>
            <Table.Th>{t("column.placed")}</Table.Th>
            {props.showPerson && <Table.Th>{t("column.person")}</Table.Th>}
            <Table.Th>{t("column.channel")}</Table.Th>
            <Table.Th ta="right">{t("column.total")}</Table.Th>
            <Table.Th>{t("column.status")}</Table.Th>
            {props.canRefund && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.orders.map((o) => {
            const expanded = open === o.id;
            return (
              <Fragment key={o.id}>
                <Table.Tr data-testid="order-row">
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      aria-expanded={expanded}
                      aria-label={t("linesOf", { number: o.order_number })}
                      onClick={() => setOpen(expanded ? null : o.id)}
                    >
                      {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                    </ActionIcon>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {o.order_number}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {[o.source_name, o.store].filter(Boolean).join(" · ")}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" component="time" dateTime={o.placed_at}>
                      {fmt.date(o.placed_at)}
                    </Text>
                  </Table.Td>
                  {props.showPerson && (
                    <Table.Td>
                      {o.person_id ? (
                        <Anchor component={Link} to={`/people/${o.person_id}`} size="sm">
                          {String(
                            o.customer.name ?? o.customer.email ?? o.customer.phone ?? t("person"),
                          )}
                        </Anchor>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t("walkIn")}
                        </Text>
                      )}
                    </Table.Td>
                  )}
                  <Table.Td>{t(`channel.${o.channel}`)}</Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" data-testid="order-total">
                      {fmt.money(o.total, o.currency)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={o.status} />
                  </Table.Td>
                  {props.canRefund && (
                    <Table.Td>
                      <RefundButton order={o} />
                    </Table.Td>
                  )}
                </Table.Tr>
                {expanded && (
                  <Table.Tr>
                    <Table.Td colSpan={columns} bg="gray.0">
                      <Table withRowBorders={false} data-testid="order-lines">
                        <Table.Tbody>
                          {(o.lines ?? []).map((line) => (
                            <Table.Tr key={`${line.sku ?? ""}-${line.name}-${line.unit_price}`}>
                              <Table.Td>{line.sku ?? ""}</Table.Td>
                              <Table.Td>{line.name}</Table.Td>
                              <Table.Td ta="right">
                                {fmt.number(line.quantity)} ×{" "}
                                {fmt.money(line.unit_price, o.currency)}
                              </Table.Td>
                              <Table.Td ta="right">
                                {fmt.money(line.line_total, o.currency)}
                              </Table.Td>
                            </Table.Tr>
                          ))}
                          {(o.refunds ?? []).map((r) => (
                            <Table.Tr key={r.id}>
                              <Table.Td />
                              <Table.Td c="orange.8">
                                {t("refundLine", { reason: r.reason ?? "" })}
                              </Table.Td>
                              <Table.Td ta="right">{fmt.date(r.refunded_at)}</Table.Td>
                              <Table.Td ta="right" c="orange.8">
                                −{fmt.money(r.amount, o.currency)}
                              </Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function OrdersEmpty() {
  const { t } = useTranslation("orders");
  return (
    <Group justify="center" py="lg" data-testid="orders-empty">
      <Text c="dimmed" size="sm">
        {t("empty")}
      </Text>
    </Group>
  );
}
