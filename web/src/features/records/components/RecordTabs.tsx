import { Paper, Tabs, Title } from "@mantine/core";
import { IconActivity, IconHistory } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import type { HistoryObject } from "../hooks/useRecordHistory";
import { RecordHistory } from "./RecordHistory";

/**
 * A record's side column: its activity timeline, or its history (who changed what). The tab
 * chosen is in the URL (`?tab=history`), so a reload or a shared link opens it again.
 */
export function RecordTabs(props: { objectType: HistoryObject; id: string; children: ReactNode }) {
  const { t } = useTranslation("records");
  const [search, setSearch] = useSearchParams();
  const tab = search.get("tab") === "history" ? "history" : "activity";
  return (
    <Tabs
      value={tab}
      onChange={(value) =>
        setSearch(
          (prev) => {
            const next = new URLSearchParams(prev);
            if (value === "history") next.set("tab", "history");
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
        <Tabs.Tab value="history" leftSection={<IconHistory size={16} aria-hidden />}>
          {t("tabs.history")}
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="activity">{props.children}</Tabs.Panel>
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
