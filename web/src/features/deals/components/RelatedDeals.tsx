import { Badge, Button, Group, Modal, Stack, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useFormat } from "../../../i18n/format";
import { Section } from "../../../ui/record/Section";
import { DealForm } from "../forms/DealForm";
import { useDealsWhere, usePipelines } from "../hooks/useDeals";

export const STATUS_COLOR = { open: "blue", won: "green", lost: "red" } as const;

/** Deals of a person or company, with stage and amount. */
export function RelatedDeals(props: {
  field: "person_id" | "company_id";
  id: string;
  /** Links for a new deal (e.g. the person's company). */
  links?: { person_id?: string | null; company_id?: string | null };
}) {
  const { t } = useTranslation("deals");
  const fmt = useFormat();
  const deals = useDealsWhere(
    { field: props.field, op: "eq", value: props.id },
    { sort: "-updated_at", limit: 20 },
  );
  const pipelines = usePipelines();
  const [creating, createModal] = useDisclosure(false);
  const navigate = useNavigate();
  const pipeline = pipelines.data?.find((p) => p.is_default) ?? pipelines.data?.[0];
  const stageName = useMemo(() => {
    const map = new Map<string, string>();
    for (const p of pipelines.data ?? []) for (const s of p.stages) map.set(s.id, s.name);
    return map;
  }, [pipelines.data]);

  return (
    <Section
      title={t("related")}
      action={
        <Button
          variant="light"
          size="sm"
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={createModal.open}
          disabled={!pipeline}
        >
          {t("new")}
        </Button>
      }
    >
      {deals.items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {deals.isPending ? t("common:loading") : t("noneRelated")}
        </Text>
      ) : (
        <Stack gap={0}>
          {deals.items.map((d) => (
            <UnstyledButton
              key={d.id}
              component={Link}
              to={`/deals/${d.id}`}
              py="xs"
              mih={52}
              style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
            >
              <Group justify="space-between" wrap="nowrap">
                <div style={{ minWidth: 0 }}>
                  <Text fw={600} truncate c="brand.8">
                    {d.name}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {stageName.get(d.stage_id) ?? ""}
                  </Text>
                </div>
                <Stack gap={2} align="flex-end">
                  <Text className="tabular" fw={600}>
                    {fmt.money(d.amount, d.currency)}
                  </Text>
                  <Badge size="sm" variant="light" color={STATUS_COLOR[d.status]}>
                    {t(`status.${d.status}`)}
                  </Badge>
                </Stack>
              </Group>
            </UnstyledButton>
          ))}
        </Stack>
      )}
      <Modal opened={creating} onClose={createModal.close} title={t("new")}>
        {pipeline && (
          <DealForm
            pipeline={pipeline}
            links={{ ...props.links, [props.field]: props.id }}
            onCancel={createModal.close}
            onCreated={(deal) => navigate(`/deals/${deal.id}`)}
          />
        )}
      </Modal>
    </Section>
  );
}
