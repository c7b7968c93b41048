import { Button, Group, Modal, Select, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { Ticket } from "../../../api/types";
import { useNotify } from "../../../ui/errors";
import { ticketPages, useMergeTicket } from "../hooks/useTickets";

/** Close this duplicate into another ticket (found by number, subject or e-mail). */
export function MergeDialog(props: { ticket: Ticket; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation("tickets");
  const [search, setSearch] = useState("");
  const [into, setInto] = useState<string | null>(null);
  const [q] = useDebouncedValue(search, 250);
  const merge = useMergeTicket(props.ticket.id);
  const notify = useNotify();
  const navigate = useNavigate();
  const found = useQuery({
    queryKey: ["tickets", "merge-search", q],
    queryFn: ({ signal }) =>
      ticketPages({ kind: "all" }, { q, sort: "-created_at" })({ limit: 20, signal }),
    enabled: props.opened,
  });
  const data = (found.data?.items ?? [])
    .filter((o) => o.id !== props.ticket.id && o.status !== "closed")
    .map((o) => ({ value: o.id, label: `${o.token} ${o.subject}` }));

  const run = () =>
    into &&
    merge.mutate(into, {
      onSuccess: (survivor) => {
        notify.success(t("merge.done", { token: survivor.token }));
        props.onClose();
        navigate(`/service/tickets/${survivor.id}`);
      },
      onError: notify.error,
    });

  return (
    <Modal
      closeButtonProps={{ "aria-label": t("common:close") }}
      opened={props.opened}
      onClose={props.onClose}
      title={t("merge.title", { token: props.ticket.token })}
    >
      <Stack>
        <Select
          label={t("merge.into")}
          data={data}
          value={into}
          onChange={setInto}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options }) => options}
          nothingFoundMessage={t("merge.none")}
          data-autofocus
        />
        <Text size="sm">{t("merge.explain")}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t("common:cancel")}
          </Button>
          <Button color="red" disabled={!into} loading={merge.isPending} onClick={run}>
            {t("merge.confirm")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
