import { Alert, Badge, Button, Group, List, Stack, Text, TextInput } from "@mantine/core";
import { IconFlask } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import type { Deal } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { usePickerSearch } from "../../../lib/lists";
import { useErrorMessage } from "../../../ui/errors";
import { RecordPicker } from "../../../ui/record/RecordPicker";
import { CompanyPicker } from "../../companies/components/CompanyPicker";
import { PersonPicker } from "../../people/components/PersonPicker";
import { useUserNames } from "../../users/hooks/useUsers";
import { withDates, withNames } from "../describe";
import { useTestWorkflow } from "../hooks/useWorkflows";
import type { Workflow } from "../types";

function useDealSearch(q: string, enabled: boolean) {
  return usePickerSearch(
    ["deals", "search", q],
    (signal) =>
      unwrap(
        api.GET("/api/v1/deals", { params: { query: { q: q || undefined, limit: 20 } }, signal }),
      ),
    enabled,
  );
}

function Verdict(props: { label: string; value: boolean | null }) {
  const { t } = useTranslation("automation");
  const color = props.value === null ? "gray" : props.value ? "green" : "red";
  return (
    <Group gap="xs">
      <Text size="sm" w={120}>
        {props.label}
      </Text>
      <Badge variant="light" color={color} tt="none">
        {props.value === null ? t("test.notChecked") : props.value ? t("test.yes") : t("test.no")}
      </Badge>
    </Group>
  );
}

/** Dry-run the saved rule against one record: nothing changes. */
export function TestPanel(props: { workflow: Workflow }) {
  const { t } = useTranslation("automation");
  const errorText = useErrorMessage();
  const [recordId, setRecordId] = useState<string | null>(null);
  const [dealName, setDealName] = useState<string | null>(null);
  const test = useTestWorkflow();
  const userName = useUserNames();
  const fmt = useFormat();
  const type = props.workflow.object_type;
  const label = t("test.record", { type: t(`objects.${type}`) });

  const picker =
    type === "people" ? (
      <PersonPicker label={label} value={recordId} onChange={(id) => setRecordId(id)} />
    ) : type === "companies" ? (
      <CompanyPicker label={label} value={recordId} onChange={(id) => setRecordId(id)} />
    ) : type === "deals" ? (
      <RecordPicker<Deal>
        label={label}
        value={recordId}
        onChange={(id, deal) => {
          setRecordId(id);
          setDealName(deal?.name ?? null);
        }}
        valueLabel={dealName}
        useSearch={useDealSearch}
        getId={(d) => d.id}
        getLabel={(d) => d.name}
        nothingFound={t("test.nothingFound")}
        searching={t("test.searching")}
        clearLabel={t("test.clear")}
      />
    ) : (
      <TextInput
        label={label}
        description={t("test.idHint")}
        value={recordId ?? ""}
        onChange={(e) => setRecordId(e.currentTarget.value.trim() || null)}
      />
    );

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t("test.hint")}
      </Text>
      {picker}
      <Button
        leftSection={<IconFlask size={18} aria-hidden />}
        disabled={!recordId}
        loading={test.isPending}
        onClick={() => recordId && test.mutate({ id: props.workflow.id, recordId })}
        style={{ alignSelf: "flex-start" }}
      >
        {t("test.run")}
      </Button>
      {test.isError && <Alert color="red">{errorText(test.error)}</Alert>}
      {test.data && (
        <Alert
          color={test.data.matched ? "green" : "yellow"}
          c="dark"
          role="status"
          title={test.data.matched ? t("test.matched") : t("test.notMatched")}
        >
          <Stack gap={6}>
            <Verdict label={t("test.trigger")} value={test.data.trigger_matched} />
            <Verdict label={t("test.condition")} value={test.data.condition_matched} />
            {test.data.actions.length > 0 && (
              <>
                <Text size="sm" fw={600} mt="xs">
                  {test.data.matched ? t("test.wouldDo") : t("test.wouldHaveDone")}
                </Text>
                <List size="sm" type="ordered">
                  {test.data.actions.map((a, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: steps in order
                    <List.Item key={i}>
                      <b>{t(`action.types.${a.type}`, { defaultValue: a.type })}</b>:{" "}
                      {withDates(withNames(a.summary, userName), fmt.dateTime)}
                    </List.Item>
                  ))}
                </List>
              </>
            )}
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
