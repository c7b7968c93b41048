import { Paper, Tabs, Title } from "@mantine/core";
import { IconActivity, IconHistory } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import type { HistoryObject } from "../hooks/useRecordHistory";
import { RecordHistory } from "./RecordHistory";

/** A tab a record page adds after Activity (e.g. a person's Events). */
export interface ExtraTab {
  value: string;
  label: string;
  icon: ReactNode;
  panel: ReactNode;
}

/**
 * A record's side column: its activity timeline, or its history (who changed what), and any
 * extra tabs the page adds. The tab chosen is in the URL (`?tab=history`), so a reload or a
 * shared link opens it again.
 */
export function RecordTabs(props: {
  objectType: HistoryObject;
  id: string;
  children: ReactNode;
  extraTabs?: ExtraTab[];
}) {
  const { t } = useTranslation("records");
  const [search, setSearch] = useSearchParams();
  const extra = props.extraTabs ?? [];
  const wanted = search.get("tab") ?? "";
  const tab = wanted === "history" || extra.some((x) => x.value === wanted) ? wanted : "activity";
  return (
    <Tabs
      value={tab}
      onChange={(value) =>
        setSearch(
          (prev) => {
            const next = new URLSearchParams(prev);
            if (value && value !== "activity") next.set("tab", value);
            else next.delete("tab");
            return next;
          },
          { replace: true },
        )
      }
      keepMounted={false}
    >
      <Tabs.List mb="md">
        <Tabs.Tab value="activity" leftSection={<IconActivity size={16} aria-hidden />}>
          {t("tabs.activity")}
        </Tabs.Tab>
        {extra.map((x) => (
          <Tabs.Tab key={x.value} value={x.value} leftSection={x.icon}>
            {x.label}
          </Tabs.Tab>
        ))}
        <Tabs.Tab value="history" leftSection={<IconHistory size={16} aria-hidden />}>
          {t("tabs.history")}
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="activity">{props.children}</Tabs.Panel>
      {extra.map((x) => (
        <Tabs.Panel key={x.value} value={x.value}>
          {x.panel}
        </Tabs.Panel>
      ))}
      <Tabs.Panel value="history">
        <Paper withBorder radius="md" p="md">
          <Title order={2} size="h4" mb="xs">
            {t("history.title")}
          </Title>
          <RecordHistory objectType={props.objectType} id={props.id} />
        </Paper>
      </Tabs.Panel>
    </Tabs>
  );
}
