import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Stepper,
  Text,
  Title,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconCheck, IconRotate, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import type { Deal, DealUpdate } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage, useNotify } from "../../../ui/errors";
import { ConflictDialog } from "../../../ui/record/ConflictDialog";
import { CustomFieldsEditor } from "../../../ui/record/CustomFieldsEditor";
import { DeleteButton } from "../../../ui/record/DeleteButton";
import { EditableField } from "../../../ui/record/EditableField";
import { Section } from "../../../ui/record/Section";
import { useEditableRecord } from "../../../ui/record/useEditableRecord";
import { Timeline } from "../../activities/components/Timeline";
import { COMPANY_LINK } from "../../companies/components/CompanyPicker";
import { useCompany } from "../../companies/hooks/useCompanies";
import { PERSON_LINK } from "../../people/components/PersonPicker";
import { usePerson } from "../../people/hooks/usePeople";
import { LinkField } from "../../records/components/LinkField";
import { RecordTabs } from "../../records/components/RecordTabs";
import { useCustomFields } from "../../settings/hooks/useCustomFields";
import { RelatedTasks } from "../../tasks/components/RelatedTasks";
import { useUserNames, useUserOptions } from "../../users/hooks/useUsers";
import { CURRENCIES } from "../forms/DealForm";
import {
  useCloseDeal,
  useDeal,
  useDeleteDeal,
  useMoveDeal,
  usePipelines,
  useStageHistory,
  useUpdateDeal,
} from "../hooks/useDeals";
import { CloseDealDialog } from "./CloseDealDialog";
import { STATUS_COLOR } from "./RelatedDeals";

function StageHistory({ id }: { id: string }) {
  const { t } = useTranslation("deals");
  const fmt = useFormat();
  const history = useStageHistory(id);
  return (
    <Section title={t("history")}>
      {(history.data ?? []).length === 0 ? (
        <Text c="dimmed" size="sm">
          {t("noHistory")}
        </Text>
      ) : (
        <Stack gap={4} component="ol" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {[...(history.data ?? [])].reverse().map((h) => (
            <Text key={h.id} size="sm" component="li">
              <b>{h.to_stage_name}</b>
              {h.from_stage_name ? ` ← ${h.from_stage_name}` : ""} · {fmt.dateTime(h.changed_at)}
            </Text>
          ))}
        </Stack>
      )}
    </Section>
  );
}

export function DealPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation("deals");
  const fmt = useFormat();
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const deal = useDeal(id);
  const update = useUpdateDeal(id);
  const move = useMoveDeal();
  const reopen = useCloseDeal();
  const remove = useDeleteDeal();
  const pipelines = usePipelines();
  const company = useCompany(deal.data?.company_id);
  const person = usePerson(deal.data?.person_id);
  const customFields = useCustomFields("deals");
  const ownerName = useUserNames();
  const owners = useUserOptions();
  const notify = useNotify();
  const errorText = useErrorMessage();
  const navigate = useNavigate();
  const [closing, setClosing] = useState<"won" | "lost" | null>(null);
  const edit = useEditableRecord<Deal, DealUpdate>(deal.data, update.mutateAsync);

  if (deal.isPending) return <Skeleton height={320} radius="md" />;
  if (deal.isError) {
    return (
      <Alert color="red" role="alert" title={t("common:errors.title")}>
        {errorText(deal.error)}
      </Alert>
    );
  }
  const d = deal.data;
  const pipeline = pipelines.data?.find((p) => p.id === d.pipeline_id);
  const stages = pipeline?.stages ?? [];
  const stageIndex = stages.findIndex((s) => s.id === d.stage_id);
  const save = (changes: DealUpdate) => edit.saveChanges(changes);

  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Title order={1} className="record-title" style={{ overflowWrap: "anywhere" }}>
              {d.name}
            </Title>
            <Group gap="xs">
              <Text fw={700} size="xl" className="tabular">
                {fmt.money(d.amount, d.currency)}
              </Text>
              <Badge variant="light" color={STATUS_COLOR[d.status]}>
                {t(`status.${d.status}`)}
              </Badge>
              {d.is_rotting && (
                <Badge variant="light" color="orange">
                  {t("stalled")}
                </Badge>
              )}
            </Group>
            {d.status === "lost" && d.lost_reason && (
              <Text size="sm" c="dimmed">
                {t("lostBecause", { reason: d.lost_reason })}
              </Text>
            )}
          </Stack>
          <DeleteButton
            what={d.name}
            loading={remove.isPending}
            onConfirm={() =>
              remove.mutate(d.id, {
                onSuccess: () => navigate("/deals", { replace: true }),
                onError: notify.error,
              })
            }
          />
        </Group>

        {stages.length > 0 && d.status === "open" && phone && (
          <Select
            mt="md"
            label={t("field.stage")}
            data={stages.map((s) => ({ value: s.id, label: `${s.name} · ${s.probability}%` }))}
            value={d.stage_id}
            allowDeselect={false}
            onChange={(stageId) => {
              const stage = stages.find((s) => s.id === stageId);
              if (stage && stage.id !== d.stage_id) {
                move.mutate(
                  { deal: d, stageId: stage.id },
                  {
                    onError: notify.error,
                    onSuccess: () =>
                      notify.success(t("moved", { name: d.name, stage: stage.name })),
                  },
                );
              }
            }}
          />
        )}
        {stages.length > 0 && d.status === "open" && !phone && (
          <Stepper
            active={stageIndex}
            mt="md"
            size="sm"
            allowNextStepsSelect
            onStepClick={(index) => {
              const stage = stages[index];
              if (stage && stage.id !== d.stage_id) {
                move.mutate(
                  { deal: d, stageId: stage.id },
                  {
                    onError: notify.error,
                    onSuccess: () =>
                      notify.success(t("moved", { name: d.name, stage: stage.name })),
                  },
                );
              }
            }}
            aria-label={t("field.stage")}
          >
            {stages.map((s) => (
              <Stepper.Step key={s.id} label={s.name} description={`${s.probability}%`} />
            ))}
          </Stepper>
        )}

        <Group mt="md" gap="xs">
          {d.status === "open" ? (
            <>
              <Button
                color="brand"
                leftSection={<IconCheck size={18} aria-hidden />}
                onClick={() => setClosing("won")}
              >
                {t("markWon")}
              </Button>
              <Button
                variant="default"
                c="red.9"
                leftSection={<IconX size={18} aria-hidden />}
                onClick={() => setClosing("lost")}
              >
                {t("markLost")}
              </Button>
            </>
          ) : (
            <Button
              variant="default"
              leftSection={<IconRotate size={18} aria-hidden />}
              loading={reopen.isPending}
              onClick={() => reopen.mutate({ deal: d, status: "open" }, { onError: notify.error })}
            >
              {t("reopen")}
            </Button>
          )}
        </Group>
      </Paper>

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="md">
            <Section title={t("details")}>
              <EditableField
                label={t("field.name")}
                display={d.name}
                value={d.name}
                error={edit.errors.name}
                onSave={(v) => save({ name: String(v).trim() })}
              />
              <EditableField
                label={t("field.amount")}
                kind="number"
                display={d.amount ? fmt.money(d.amount, d.currency) : null}
                value={d.amount ?? ""}
                error={edit.errors.amount}
                onSave={(v) => save({ amount: String(v).trim() || null })}
              />
              <EditableField
                label={t("field.currency")}
                kind="select"
                display={d.currency}
                value={d.currency}
                options={CURRENCIES.map((c) => ({ value: c, label: c }))}
                error={edit.errors.currency}
                onSave={(v) => save({ currency: v as string })}
              />
              <EditableField
                label={t("field.expected_close_date")}
                kind="date"
                display={d.expected_close_date ? fmt.date(d.expected_close_date) : null}
                value={d.expected_close_date ?? ""}
                error={edit.errors.expected_close_date}
                onSave={(v) => save({ expected_close_date: (v as string) || null })}
              />
              <EditableField
                label={t("field.owner")}
                kind="select"
                display={ownerName(d.owner_id) || null}
                value={d.owner_id ?? ""}
                options={owners}
                error={edit.errors.owner_id}
                onSave={(v) => save({ owner_id: (v as string) || null })}
              />
              <LinkField
                of={PERSON_LINK}
                label={t("field.person")}
                value={d.person_id}
                linked={person.data}
                error={edit.errors.person_id}
                onSave={(id) => save({ person_id: id })}
                testId="field-person"
              />
              <LinkField
                of={COMPANY_LINK}
                label={t("field.company")}
                value={d.company_id}
                linked={company.data}
                error={edit.errors.company_id}
                onSave={(id) => save({ company_id: id })}
                testId="field-company"
              />
              <EditableField
                label={t("field.tags")}
                kind="tags"
                display={d.tags.length ? d.tags.join(", ") : null}
                value={d.tags}
                error={edit.errors.tags}
                onSave={(v) => save({ tags: v as string[] })}
              />
              <CustomFieldsEditor
                definitions={customFields.data ?? []}
                values={d.custom_fields}
                errors={edit.errors}
                onSave={(values) => save({ custom_fields: values })}
              />
            </Section>
            <RelatedTasks
              field="deal_id"
              id={d.id}
              links={{ person_id: d.person_id, company_id: d.company_id }}
            />
            <StageHistory id={d.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <RecordTabs objectType="deals" id={d.id}>
            <Timeline
              subject={{ field: "deal_id", id: d.id }}
              links={{ person_id: d.person_id, company_id: d.company_id }}
            />
          </RecordTabs>
        </Grid.Col>
      </Grid>
      <CloseDealDialog
        deal={closing ? d : null}
        status={closing}
        onClose={() => setClosing(null)}
      />
      <ConflictDialog<Deal>
        conflict={edit.conflict}
        label={(field) => t(`field.${field}`, { defaultValue: field })}
        onReapply={edit.reapply}
        onDiscard={edit.discard}
        busy={edit.busy}
      />
    </Stack>
  );
}
