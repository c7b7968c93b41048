import { Button, Modal, Stack, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldMessages, useNotify } from "../../../ui/errors";
import { type Order, useRefund } from "../hooks/useOrders";

const DECIMAL = /^\d{1,14}(\.\d{1,4})?$/;

/** What is left to refund, as a number of the currency's units (amounts are decimal text). */
export function leftToRefund(order: Pick<Order, "total" | "refunded_total">): number {
  return Math.round((Number(order.total) - Number(order.refunded_total)) * 10_000) / 10_000;
}

/** Refund part or all of an order: the amount is checked here first, then by the server. */
export function RefundButton(props: { order: Order }) {
  const { t } = useTranslation("orders");
  const notify = useNotify();
  const [opened, { open, close }] = useDisclosure(false);
  const left = leftToRefund(props.order);
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const refund = useRefund(props.order.id);
  const { t: tc } = useTranslation("common");

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = amount.trim();
    if (!DECIMAL.test(text) || Number(text) <= 0) {
      setErrors({ amount: t("refund.invalidAmount") });
      return;
    }
    if (Number(text) > left) {
      setErrors({ amount: t("refund.tooMuch", { left: String(left) }) });
      return;
    }
    setErrors({});
    refund.mutate(
      { amount: text, reason: reason.trim() || null },
      {
        onSuccess: () => {
          notify.success(t("refund.done"));
          setAmount("");
          setReason("");
          close();
        },
        onError: (error) => {
          const fields = fieldMessages(tc, error);
          if (Object.keys(fields).length) setErrors(fields);
          else notify.error(error);
        },
      },
    );
  }

  if (left <= 0 || props.order.status === "cancelled") return null;
  return (
    <>
      <Button size="compact-sm" variant="light" color="orange" onClick={open}>
        {t("refund.button")}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={t("refund.title", { number: props.order.order_number })}
      >
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <TextInput
              label={t("refund.amount", { currency: props.order.currency })}
              description={t("refund.left", { left: String(left) })}
              value={amount}
              onChange={(e) => setAmount(e.currentTarget.value)}
              error={errors.amount}
              inputMode="decimal"
              required
              data-autofocus
            />
            <TextInput
              label={t("refund.reason")}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={errors.reason}
              maxLength={500}
            />
            <Button type="submit" loading={refund.isPending}>
              {t("refund.submit")}
            </Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
