import { Alert, ScrollArea, Stack, Tabs, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { useMe } from "../../auth/hooks/useMe";
import { JobsTab } from "../../jobs/components/JobsTab";
import { SocialSettingsTab } from "../../social/settings/SocialSettingsTab";
import { CannedTab } from "../../tickets/settings/CannedTab";
import { MailboxesTab } from "../../tickets/settings/MailboxesTab";
import { QueuesTab } from "../../tickets/settings/QueuesTab";
import { RulesTab } from "../../tickets/settings/RulesTab";
import { SlaTab } from "../../tickets/settings/SlaTab";
import { WorkflowsTab } from "../../workflows/components/WorkflowsTab";
import { AuditTab } from "./AuditTab";
import { CustomFieldsTab } from "./CustomFieldsTab";
import { PipelinesTab } from "./pipelines/PipelinesTab";
import { SourcesTab } from "./SourcesTab";
import { TeamsTab } from "./TeamsTab";
import { TokensTab } from "./TokensTab";
import { UsersTab } from "./UsersTab";
import { WebhooksTab } from "./WebhooksTab";

const TABS = [
  "users",
  "teams",
  "pipelines",
  "fields",
  "tokens",
  "sources",
  "webhooks",
  "queues",
  "rules",
  "sla",
  "canned",
  "mailboxes",
  "social",
  "automation",
  "jobs",
  "audit",
] as const;
type Tab = (typeof TABS)[number];
const DESK_TABS = new Set<string>(["queues", "rules", "sla", "canned", "mailboxes"]);

export function SettingsPage() {
  const { t } = useTranslation([
    "settings",
    "sources",
    "webhooks",
    "automation",
    "tickets",
    "social",
  ]);
  const { tab } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  const active: Tab = TABS.includes(tab as Tab) ? (tab as Tab) : "users";
  const tabs = useRef<HTMLDivElement>(null);

  // On a phone most tabs are off screen: bring the open one into view.
  const phone = useMediaQuery("(max-width: 48em)");
  useEffect(() => {
    if (!phone) return;
    tabs.current
      ?.querySelector<HTMLElement>(`[role="tab"][id$="-tab-${active}"]`)
      ?.scrollIntoView?.({ block: "nearest", inline: "nearest" });
  }, [active, phone]);

  if (me && me.role !== "admin") {
    return (
      <Alert color="yellow" c="dark" title={t("adminsOnlyTitle")}>
        {t("adminsOnly")}
      </Alert>
    );
  }

  return (
    <Stack>
      <Title order={1} size="h2">
        {t("title")}
      </Title>
      <Tabs
        value={active}
        onChange={(v) => v && navigate(`/settings/${v}`, { replace: true })}
        keepMounted={false}
      >
        <ScrollArea type="never" viewportRef={tabs}>
          <Tabs.List style={{ flexWrap: "nowrap" }}>
            {TABS.map((key) => (
              <Tabs.Tab key={key} value={key} style={{ minHeight: 44 }}>
                {key === "sources"
                  ? t("sources:tab")
                  : key === "webhooks"
                    ? t("webhooks:tab")
                    : key === "jobs"
                      ? t("automation:jobs.tab")
                      : key === "automation"
                        ? t("automation:workflows.tab")
                        : key === "social"
                          ? t("social:settings.tab")
                          : DESK_TABS.has(key)
                            ? t(`tickets:setup.tabs.${key}`)
                            : t(`tabs.${key}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </ScrollArea>
        <Tabs.Panel value="users" pt="md">
          <UsersTab />
        </Tabs.Panel>
        <Tabs.Panel value="teams" pt="md">
          <TeamsTab />
        </Tabs.Panel>
        <Tabs.Panel value="pipelines" pt="md">
          <PipelinesTab />
        </Tabs.Panel>
        <Tabs.Panel value="tokens" pt="md">
          <TokensTab />
        </Tabs.Panel>
        <Tabs.Panel value="fields" pt="md">
          <CustomFieldsTab />
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <AuditTab />
        </Tabs.Panel>
        <Tabs.Panel value="automation" pt="md">
          <WorkflowsTab />
        </Tabs.Panel>
        <Tabs.Panel value="jobs" pt="md">
          <JobsTab />
        </Tabs.Panel>
        <Tabs.Panel value="sources" pt="md">
          <SourcesTab />
        </Tabs.Panel>
        <Tabs.Panel value="webhooks" pt="md">
          <WebhooksTab />
        </Tabs.Panel>
        <Tabs.Panel value="queues" pt="md">
          <QueuesTab />
        </Tabs.Panel>
        <Tabs.Panel value="rules" pt="md">
          <RulesTab />
        </Tabs.Panel>
        <Tabs.Panel value="sla" pt="md">
          <SlaTab />
        </Tabs.Panel>
        <Tabs.Panel value="canned" pt="md">
          <CannedTab />
        </Tabs.Panel>
        <Tabs.Panel value="mailboxes" pt="md">
          <MailboxesTab />
        </Tabs.Panel>
        <Tabs.Panel value="social" pt="md">
          <SocialSettingsTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
