import {
  Alert,
  Anchor,
  Avatar,
  Button,
  Grid,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import {
  IconBrandWhatsapp,
  IconGitMerge,
  IconHistoryToggle,
  IconMail,
  IconPhone,
  IconReceipt,
  IconTimelineEvent,
} from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import type { Person, PersonUpdate } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage, useNotify } from "../../../ui/errors";
import { ConflictDialog } from "../../../ui/record/ConflictDialog";
import { CustomFieldsEditor } from "../../../ui/record/CustomFieldsEditor";
import { DeleteButton } from "../../../ui/record/DeleteButton";
import { EditableField } from "../../../ui/record/EditableField";
import { Section } from "../../../ui/record/Section";
import { useEditableRecord } from "../../../ui/record/useEditableRecord";
import { Timeline } from "../../activities/components/Timeline";
import { useMe } from "../../auth/hooks/useMe";
import { COMPANY_LINK } from "../../companies/components/CompanyPicker";
import { useCompany } from "../../companies/hooks/useCompanies";
import { RelatedDeals } from "../../deals/components/RelatedDeals";
import { LazyLocationCard } from "../../geo/components/LazyLocationCard";
import { MergeAction } from "../../merges/components/MergeAction";
import { MergedNotice } from "../../merges/components/MergedNotice";
import { MergeHistory } from "../../merges/components/MergeHistory";
import { PendingBadge } from "../../offline/components/PendingBadge";
import { PersonOrders } from "../../orders/components/PersonOrders";
import { FieldSource } from "../../profiles/components/FieldSource";
import { PersonTimeline } from "../../profiles/components/PersonTimeline";
import { TraitsCard } from "../../profiles/components/TraitsCard";
import { GOLDEN_FIELDS } from "../../profiles/hooks/useClearManualField";
import { LinkField } from "../../records/components/LinkField";
import { RecordTabs } from "../../records/components/RecordTabs";
import { useCustomFields } from "../../settings/hooks/useCustomFields";
import { RelatedTasks } from "../../tasks/components/RelatedTasks";
import { PersonEvents } from "../../tracking/components/PersonEvents";
import { useUserNames, useUserOptions } from "../../users/hooks/useUsers";
import { useDeletePerson, usePerson, useRestorePerson, useUpdatePerson } from "../hooks/usePeople";
import { LIFECYCLE_STAGES } from "../lifecycle";
import { StageBadge } from "./StageBadge";

/** The primary entry replaced, the others kept. */
function replacePrimary<E extends { primary: boolean }>(entries: E[], next: E | null): E[] {
  const rest = entries.filter((e) => !e.primary).map((e) => ({ ...e, primary: false }));
  return next ? [{ ...next, primary: true }, ...rest] : rest;
}

/** Call, WhatsApp, e-mail: a link when there is somewhere to go, a disabled button when not. */
function QuickAction(props: {
  href: string | null;
  icon: ReactNode;
  children: ReactNode;
  external?: boolean;
}) {
  // Icon above the word: three of them fit a 375px phone in any of our languages.
  const body = (
    <Stack gap={2} align="center">
      {props.icon}
      <span>{props.children}</span>
    </Stack>
  );
  if (!props.href) {
    return (
      <Button variant="light" h={60} px={4} fz="sm" disabled>
        {body}
      </Button>
    );
  }
  return (
    <Button
      component="a"
      href={props.href}
      variant="light"
      h={60}
      px={4}
      fz="sm"
      {...(props.external ? { target: "_blank", rel: "noreferrer" } : {})}
    >
      {body}
    </Button>
  );
}

export function PersonPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation(["people", "records", "sources", "orders", "merges"]);
  const fmt = useFormat();
  const person = usePerson(id);
  const update = useUpdatePerson(id);
  const remove = useDeletePerson();
  const restore = useRestorePerson();
  const me = useMe();
  const navigate = useNavigate();
  const notify = useNotify();
  const errorText = useErrorMessage();
  const ownerName = useUserNames();
  const owners = useUserOptions();
  const company = useCompany(person.data?.company_id);
  const customFields = useCustomFields("people");
  const edit = useEditableRecord<Person, PersonUpdate>(person.data, update.mutateAsync);

  if (person.isPending) return <Skeleton height={320} radius="md" />;
  if (person.isError) {
    return (
      <MergedNotice
        personId={id}
        error={person.error}
        fallback={
          <Alert color="red" role="alert" title={t("common:errors.title")}>
            {errorText(person.error)}
          </Alert>
        }
      />
    );
  }
  const p = person.data;
  const save = (changes: PersonUpdate) => edit.saveChanges(changes);
  const text = (key: keyof PersonUpdate, kind: "text" | "email" | "tel" = "text") => ({
    label: t(`field.${key}`),
    display: (p[key as keyof Person] as string | null) ?? null,
    value: (p[key as keyof Person] as string | null) ?? "",
    kind,
    error: edit.errors[key],
    onSave: (v: string | string[]) => save({ [key]: String(v).trim() || null } as PersonUpdate),
    aside: (GOLDEN_FIELDS as readonly string[]).includes(key) ? (
      <FieldSource person={p} field={key} label={t(`field.${key}`)} />
    ) : undefined,
  });
  const primaryEmail = p.emails.find((e) => e.primary);
  const primaryPhone = p.phones.find((e) => e.primary);
  const digits = p.primary_phone?.replace(/\D/g, "");

  return (
    <Stack gap="md">
      {p.merged_into_id && <MergedNotice personId={p.id} retired fallback={null} />}
      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group wrap="nowrap" gap="md" style={{ minWidth: 0 }}>
            <Avatar size={56} radius="xl" color="brand" visibleFrom="xs">
              {p.display_name.slice(0, 2).toUpperCase()}
            </Avatar>
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Title order={1} className="record-title" style={{ overflowWrap: "anywhere" }}>
                {p.display_name}
              </Title>
              <Group gap="xs">
                <StageBadge stage={p.lifecycle_stage} />
                <PendingBadge id={p.id} />
                {company.data && (
                  <Anchor
                    component={Link}
                    to={`/companies/${company.data.id}`}
                    size="sm"
                    c="brand.8"
                  >
                    {company.data.name}
                  </Anchor>
                )}
                {p.city && (
                  <Text size="sm" c="dimmed">
                    {p.city}
                  </Text>
                )}
              </Group>
            </Stack>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <MergeAction person={p} />
            <DeleteButton
              what={p.display_name}
              loading={remove.isPending}
              onConfirm={() =>
                remove.mutate(p.id, {
                  onSuccess: () => {
                    // Admins may take it back at once (the person is in the bin for 30 days).
                    notify.success(
                      t("deleted", { name: p.display_name }),
                      me?.role === "admin"
                        ? {
                            label: t("records:undo"),
                            onClick: () =>
                              void restore(p.id).then(
                                () => navigate(`/people/${p.id}`),
                                notify.error,
                              ),
                          }
                        : undefined,
                    );
                    navigate("/people", { replace: true });
                  },
                  onError: notify.error,
                })
              }
            />
          </Group>
        </Group>
        <Group gap="xs" mt="md" grow>
          <QuickAction
            href={p.primary_phone ? `tel:${p.primary_phone}` : null}
            icon={<IconPhone size={18} aria-hidden />}
          >
            {t("call")}
          </QuickAction>
          <QuickAction
            href={digits ? `https://wa.me/${digits}` : null}
            icon={<IconBrandWhatsapp size={18} aria-hidden />}
            external
          >
            {t("whatsapp")}
          </QuickAction>
          <QuickAction
            href={p.primary_email ? `mailto:${p.primary_email}` : null}
            icon={<IconMail size={18} aria-hidden />}
          >
            {t("email")}
          </QuickAction>
        </Group>
      </Paper>

      <TraitsCard personId={p.id} />

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="md">
            <Section title={t("details")}>
              <EditableField {...text("given_name")} testId="field-given_name" />
              <EditableField {...text("family_name")} testId="field-family_name" />
              <EditableField
                label={t("field.email")}
                kind="email"
                display={p.primary_email}
                value={p.primary_email ?? ""}
                error={edit.errors.emails}
                onSave={(v) =>
                  save({
                    emails: replacePrimary(
                      p.emails,
                      String(v).trim()
                        ? {
                            email: String(v).trim(),
                            label: primaryEmail?.label ?? "work",
                            primary: true,
                          }
                        : null,
                    ),
                  })
                }
              />
              <EditableField
                label={t("field.phone")}
                kind="tel"
                display={p.primary_phone}
                value={p.primary_phone ?? ""}
                error={edit.errors.phones}
                onSave={(v) =>
                  save({
                    phones: replacePrimary(
                      p.phones,
                      String(v).trim()
                        ? {
                            number: String(v).trim(),
                            label: primaryPhone?.label ?? "mobile",
                            primary: true,
                          }
                        : null,
                    ),
                  })
                }
              />
              <EditableField
                label={t("field.lifecycle_stage")}
                kind="select"
                display={<StageBadge stage={p.lifecycle_stage} />}
                value={p.lifecycle_stage}
                options={LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))}
                error={edit.errors.lifecycle_stage}
                onSave={(v) => save({ lifecycle_stage: v as Person["lifecycle_stage"] })}
              />
              <LinkField
                of={COMPANY_LINK}
                label={t("field.company")}
                value={p.company_id}
                linked={company.data}
                error={edit.errors.company_id}
                onSave={(id) => save({ company_id: id })}
                testId="field-company"
              />
              <EditableField
                label={t("field.owner")}
                kind="select"
                display={ownerName(p.owner_id) || null}
                value={p.owner_id ?? ""}
                options={owners}
                error={edit.errors.owner_id}
                onSave={(v) => save({ owner_id: (v as string) || null })}
              />
              <EditableField {...text("address_line")} />
              <EditableField {...text("city")} />
              <EditableField {...text("region")} />
              <EditableField {...text("country")} />
              <EditableField {...text("lead_source")} />
              <EditableField
                label={t("field.tags")}
                kind="tags"
                display={p.tags.length ? p.tags.join(", ") : null}
                value={p.tags}
                error={edit.errors.tags}
                onSave={(v) => save({ tags: v as string[] })}
              />
              <CustomFieldsEditor
                definitions={customFields.data ?? []}
                values={p.custom_fields}
                errors={edit.errors}
                onSave={(values) => save({ custom_fields: values })}
              />
              <Text size="xs" c="dimmed" mt="sm">
                {t("meta", {
                  created: fmt.date(p.created_at),
                  updated: fmt.relative(p.updated_at),
                })}
              </Text>
            </Section>
            <LazyLocationCard
              kind="people"
              record={p}
              name={p.display_name}
              save={(changes) => save(changes)}
              saving={update.isPending}
            />
            <RelatedTasks field="person_id" id={p.id} links={{ company_id: p.company_id }} />
            <RelatedDeals field="person_id" id={p.id} links={{ company_id: p.company_id }} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <RecordTabs
            objectType="people"
            id={p.id}
            extraTabs={[
              {
                value: "timeline",
                label: t("orders:timeline.tab"),
                icon: <IconHistoryToggle size={16} aria-hidden />,
                panel: <PersonTimeline personId={p.id} />,
              },
              {
                value: "orders",
                label: t("orders:title"),
                icon: <IconReceipt size={16} aria-hidden />,
                panel: <PersonOrders personId={p.id} />,
              },
              {
                value: "events",
                label: t("sources:events.tab"),
                icon: <IconTimelineEvent size={16} aria-hidden />,
                panel: <PersonEvents personId={p.id} />,
              },
              {
                value: "merges",
                label: t("merges:history.tab"),
                icon: <IconGitMerge size={16} aria-hidden />,
                panel: <MergeHistory personId={p.id} />,
              },
            ]}
          >
            <Timeline
              subject={{ field: "person_id", id: p.id }}
              links={{ company_id: p.company_id }}
            />
          </RecordTabs>
        </Grid.Col>
      </Grid>

      <ConflictDialog<Person>
        conflict={edit.conflict}
        label={(field) => t(`field.${field}`, { defaultValue: field })}
        onReapply={edit.reapply}
        onDiscard={edit.discard}
        busy={edit.busy}
      />
    </Stack>
  );
}
