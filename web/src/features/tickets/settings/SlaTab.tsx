import { Button, NumberInput, Skeleton, Table, Text, VisuallyHidden } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { SlaPolicy, SlaPolicyIn } from "../../../api/types";
import { useNotify } from "../../../ui/errors";
import { PriorityBadge } from "../components/TicketBadges";
import { usePutSlaPolicy, useSlaPolicies } from "../hooks/useDeskSetup";

function Row({ policy }: { policy: SlaPolicy }) {
  const { t } = useTranslation("tickets");
  const save = usePutSlaPolicy();
  const notify = useNotify();
  const [draft, setDraft] = useState<SlaPolicyIn>({
    first_response_minutes: policy.first_response_minutes,
    resolution_minutes: policy.resolution_minutes,
    warn_before_minutes: policy.warn_before_minutes,
  });
  const field = (key: keyof SlaPolicyIn, label: string) => (
    <NumberInput
      aria-label={`${label} (${t(`priority.${policy.priority}`)})`}
      value={draft[key]}
      min={key === "warn_before_minutes" ? 0 : 1}
      onChange={(v) => setDraft({ ...draft, [key]: Number(v) || 0 })}
      w={120}
    />
  );
  return (
    <Table.Tr>
      <Table.Td>
        <PriorityBadge priority={policy.priority} />
      </Table.Td>
      <Table.Td>{field("first_response_minutes", t("setup.sla.firstResponse"))}</Table.Td>
      <Table.Td>{field("resolution_minutes", t("setup.sla.resolution"))}</Table.Td>
      <Table.Td>{field("warn_before_minutes", t("setup.sla.warn"))}</Table.Td>
      <Table.Td>
        <Button
          variant="default"
          size="sm"
          loading={save.isPending}
          onClick={() =>
            save.mutate(
              { priority: policy.priority, body: draft },
              { onSuccess: () => notify.success(t("setup.saved")), onError: notify.error },
            )
          }
        >
          {t("setup.save")}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

/** First-response and resolution targets per priority, in business minutes. */
export function SlaTab() {
  const { t } = useTranslation("tickets");
  const policies = useSlaPolicies();
  if (policies.isPending) return <Skeleton height={200} />;
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">
        {t("setup.sla.intro")}
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("field.priority")}</Table.Th>
              <Table.Th>{t("setup.sla.firstResponse")}</Table.Th>
              <Table.Th>{t("setup.sla.resolution")}</Table.Th>
              <Table.Th>{t("setup.sla.warn")}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t("setup.save")}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(policies.data ?? []).map((p) => (
              <Row key={p.id} policy={p} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
