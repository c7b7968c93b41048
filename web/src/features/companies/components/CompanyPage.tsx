import {
  Alert,
  Avatar,
  Grid,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import type { Company, CompanyUpdate } from "../../../api/types";
import { useErrorMessage, useNotify } from "../../../ui/errors";
import { LoadMore } from "../../../ui/list/LoadMore";
import { ConflictDialog } from "../../../ui/record/ConflictDialog";
import { CustomFieldsEditor } from "../../../ui/record/CustomFieldsEditor";
import { DeleteButton } from "../../../ui/record/DeleteButton";
import { EditableField } from "../../../ui/record/EditableField";
import { Section } from "../../../ui/record/Section";
import { useEditableRecord } from "../../../ui/record/useEditableRecord";
import { Timeline } from "../../activities/components/Timeline";
import { useMe } from "../../auth/hooks/useMe";
import { RelatedDeals } from "../../deals/components/RelatedDeals";
import { LazyLocationCard } from "../../geo/components/LazyLocationCard";
import { RecordTabs } from "../../records/components/RecordTabs";
import { useCustomFields } from "../../settings/hooks/useCustomFields";
import { RelatedTasks } from "../../tasks/components/RelatedTasks";
import { useUserNames, useUserOptions } from "../../users/hooks/useUsers";
import {
  useCompany,
  useCompanyPeople,
  useDeleteCompany,
  useRestoreCompany,
  useUpdateCompany,
} from "../hooks/useCompanies";
import { COMPANY_SIZES } from "../sizes";

function CompanyPeople({ id }: { id: string }) {
  const { t } = useTranslation("companies");
  const people = useCompanyPeople(id);
  return (
    <Section title={t("people")}>
      {people.items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {people.isPending ? t("common:loading") : t("noPeople")}
        </Text>
      ) : (
        <Stack gap={0}>
          {people.items.map((p) => (
            <UnstyledButton
              key={p.id}
              component={Link}
              to={`/people/${p.id}`}
              py="xs"
              mih={48}
              style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
            >
              <Text fw={600} c="brand.8">
                {p.display_name}
              </Text>
              <Text size="sm" c="dimmed">
                {[p.primary_email, p.primary_phone].filter(Boolean).join(" · ")}
              </Text>
            </UnstyledButton>
          ))}
        </Stack>
      )}
      <LoadMore
        hasNextPage={people.hasNextPage}
        isFetchingNextPage={people.isFetchingNextPage}
        fetchNextPage={() => void people.fetchNextPage()}
        shown={0}
      />
    </Section>
  );
}

export function CompanyPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation(["companies", "records"]);
  const company = useCompany(id);
  const update = useUpdateCompany(id);
  const remove = useDeleteCompany();
  const restore = useRestoreCompany();
  const me = useMe();
  const navigate = useNavigate();
  const notify = useNotify();
  const errorText = useErrorMessage();
  const ownerName = useUserNames();
  const owners = useUserOptions();
  const customFields = useCustomFields("companies");
  const edit = useEditableRecord<Company, CompanyUpdate>(company.data, update.mutateAsync);

  if (company.isPending) return <Skeleton height={320} radius="md" />;
  if (company.isError) {
    return (
      <Alert color="red" role="alert" title={t("common:errors.title")}>
        {errorText(company.error)}
      </Alert>
    );
  }
  const c = company.data;
  const save = (changes: CompanyUpdate) => edit.saveChanges(changes);
  const text = (key: keyof CompanyUpdate) => ({
    label: t(`field.${key}`),
    display: (c[key as keyof Company] as string | null) ?? null,
    value: (c[key as keyof Company] as string | null) ?? "",
    error: edit.errors[key],
    onSave: (v: string | string[]) => save({ [key]: String(v).trim() || null } as CompanyUpdate),
  });

  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group wrap="nowrap">
            <Avatar size={56} radius="md" color="grape">
              {c.name.slice(0, 2).toUpperCase()}
            </Avatar>
            <Stack gap={2}>
              <Title order={1} className="record-title">
                {c.name}
              </Title>
              <Text c="dimmed" size="sm">
                {[c.industry, c.city, c.domain].filter(Boolean).join(" · ")}
              </Text>
            </Stack>
          </Group>
          <DeleteButton
            what={c.name}
            loading={remove.isPending}
            onConfirm={() =>
              remove.mutate(c.id, {
                onSuccess: () => {
                  notify.success(
                    t("deleted", { name: c.name }),
                    me?.role === "admin"
                      ? {
                          label: t("records:undo"),
                          onClick: () =>
                            void restore(c.id).then(
                              () => navigate(`/companies/${c.id}`),
                              notify.error,
                            ),
                        }
                      : undefined,
                  );
                  navigate("/companies", { replace: true });
                },
                onError: notify.error,
              })
            }
          />
        </Group>
      </Paper>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="md">
            <Section title={t("details")}>
              <EditableField {...text("name")} />
              <EditableField {...text("domain")} />
              <EditableField {...text("industry")} />
              <EditableField
                label={t("field.size")}
                kind="select"
                display={c.size}
                value={c.size ?? ""}
                options={COMPANY_SIZES.map((s) => ({ value: s, label: s }))}
                error={edit.errors.size}
                onSave={(v) => save({ size: (v as Company["size"]) || null })}
              />
              <EditableField {...text("phone")} kind="tel" />
              <EditableField {...text("address_line")} />
              <EditableField {...text("city")} />
              <EditableField {...text("region")} />
              <EditableField {...text("country")} />
              <EditableField
                label={t("field.owner")}
                kind="select"
                display={ownerName(c.owner_id) || null}
                value={c.owner_id ?? ""}
                options={owners}
                error={edit.errors.owner_id}
                onSave={(v) => save({ owner_id: (v as string) || null })}
              />
              <EditableField
                label={t("field.tags")}
                kind="tags"
                display={c.tags.length ? c.tags.join(", ") : null}
                value={c.tags}
                error={edit.errors.tags}
                onSave={(v) => save({ tags: v as string[] })}
              />
              <CustomFieldsEditor
                definitions={customFields.data ?? []}
                values={c.custom_fields}
                errors={edit.errors}
                onSave={(values) => save({ custom_fields: values })}
              />
            </Section>
            <LazyLocationCard
              kind="companies"
              record={c}
              name={c.name}
              save={(changes) => save(changes)}
              saving={update.isPending}
            />
            <CompanyPeople id={c.id} />
            <RelatedTasks field="company_id" id={c.id} />
            <RelatedDeals field="company_id" id={c.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <RecordTabs objectType="companies" id={c.id}>
            <Timeline subject={{ field: "company_id", id: c.id }} />
          </RecordTabs>
        </Grid.Col>
      </Grid>
      <ConflictDialog<Company>
        conflict={edit.conflict}
        label={(field) => t(`field.${field}`, { defaultValue: field })}
        onReapply={edit.reapply}
        onDiscard={edit.discard}
        busy={edit.busy}
      />
    </Stack>
  );
}
