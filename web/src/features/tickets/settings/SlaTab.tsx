import {
  Button,
  Group,
  NumberInput,
  Select,
  Skeleton,
  Table,
  Text,
  VisuallyHidden,
} from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { SlaPolicy, SlaPolicyIn, TicketPriority } from "../../../api/types";
import { useNotify } from "../../../ui/errors";
import { PriorityBadge } from "../components/TicketBadges";
import {
  useCustomerTiers,
  useDeleteSlaPolicy,
  usePutSlaPolicy,
  useSlaPolicies,
} from "../hooks/useDeskSetup";

const PRIORITIES: TicketPriority[] = ["urgent", "high", "normal", "low"];

function Row({ policy }: { policy: SlaPolicy }) {
  const { t } = useTranslation("tickets");
  const save = usePutSlaPolicy();
  const remove = useDeleteSlaPolicy();
  const notify = useNotify();
  const [draft, setDraft] = useState<SlaPolicyIn>({
    first_response_minutes: policy.first_response_minutes,
    resolution_minutes: policy.resolution_minutes,
    warn_before_minutes: policy.warn_before_minutes,
  });
  const field = (key: keyof SlaPolicyIn, label: string) => (
    <NumberInput
      aria-label={`${label} (${t(`priority.${policy.priority}`)}${policy.tier ? `, ${policy.tier}` : ""})`}
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
      <Table.Td>{policy.tier ?? t("setup.sla.everyCustomer")}</Table.Td>
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
              { priority: policy.priority, tier: policy.tier, body: draft },
              { onSuccess: () => notify.success(t("setup.saved")), onError: notify.error },
            )
          }
        >
          {t("setup.save")}
        </Button>
        {policy.tier && (
          <Button
            variant="subtle"
            color="red"
            size="sm"
            ml="xs"
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(
                { priority: policy.priority, tier: policy.tier ?? "" },
                { onSuccess: () => notify.success(t("setup.sla.removed")), onError: notify.error },
              )
            }
          >
            {t("setup.sla.remove")}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** A customer tier's own targets for one priority, starting from every customer's. */
function AddTierPolicy({ policies, tiers }: { policies: SlaPolicy[]; tiers: string[] }) {
  const { t } = useTranslation("tickets");
  const save = usePutSlaPolicy();
  const notify = useNotify();
  const [tier, setTier] = useState<string | null>(null);
  const [priority, setPriority] = useState<TicketPriority | null>(null);
  const base = policies.find((p) => p.priority === priority && !p.tier);
  return (
    <Group mt="md" align="end">
      <Select label={t("setup.sla.tier")} data={tiers} value={tier} onChange={setTier} w={180} />
      <Select
        label={t("field.priority")}
        data={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
        value={priority}
        onChange={(v) => setPriority(v as TicketPriority | null)}
        w={180}
      />
      <Button
        variant="default"
        disabled={!tier || !priority || !base}
        loading={save.isPending}
        onClick={() =>
          tier &&
          priority &&
          base &&
          save.mutate(
            {
              priority,
              tier,
              body: {
                first_response_minutes: base.first_response_minutes,
                resolution_minutes: base.resolution_minutes,
                warn_before_minutes: base.warn_before_minutes,
              },
            },
            { onSuccess: () => notify.success(t("setup.saved")), onError: notify.error },
          )
        }
      >
        {t("setup.sla.addTier")}
      </Button>
    </Group>
  );
}

/** First-response and resolution targets per priority (and customer tier), in business minutes. */
export function SlaTab() {
  const { t } = useTranslation("tickets");
  const policies = useSlaPolicies();
  const tiers = useCustomerTiers();
  if (policies.isPending) return <Skeleton height={200} />;
  const tierNames = (tiers.data ?? []).map((x) => x.name);
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">
        {t("setup.sla.intro")}
      </Text>
      {tierNames.length > 0 && (
        <Text size="sm" c="dimmed" mb="sm">
          {t("setup.sla.tierIntro", {
            list: (tiers.data ?? [])
              .map(
                (x) => `${x.name} ≥ ${x.min_lifetime_value}${x.currency ? ` ${x.currency}` : ""}`,
              )
              .join(", "),
          })}
        </Text>
      )}
      <Table.ScrollContainer minWidth={640}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("field.priority")}</Table.Th>
              <Table.Th>{t("setup.sla.tier")}</Table.Th>
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
      {tierNames.length > 0 && <AddTierPolicy policies={policies.data ?? []} tiers={tierNames} />}
    </>
  );
}
