import {
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconArrowLeft, IconGitMerge } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { Ticket, TicketUpdate } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage } from "../../../ui/errors";
import { ConflictDialog } from "../../../ui/record/ConflictDialog";
import { useEditableRecord } from "../../../ui/record/useEditableRecord";
import { useMe } from "../../auth/hooks/useMe";
import { useSlaPolicies } from "../hooks/useDeskSetup";
import { useTicket, useTicketMessages, useUpdateTicket } from "../hooks/useTickets";
import { Composer } from "./Composer";
import { Conversation } from "./Conversation";
import { MergeDialog } from "./MergeDialog";
import { RequesterCard } from "./RequesterCard";
import { SlaClocks } from "./SlaClocks";
import { TicketFields } from "./TicketFields";

export function TicketPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation("tickets");
  const fmt = useFormat();
  const me = useMe();
  const ticket = useTicket(id);
  const messages = useTicketMessages(id);
  const update = useUpdateTicket(id);
  const policies = useSlaPolicies();
  const errorText = useErrorMessage();
  const [merging, mergeDialog] = useDisclosure(false);
  const edit = useEditableRecord<Ticket, TicketUpdate>(ticket.data, update.mutateAsync);
  const readOnly = me?.role === "read-only" || me?.role === "analyst" || me?.role === "sales";

  if (ticket.isPending) return <Skeleton height={320} radius="md" />;
  if (ticket.isError) {
    return (
      <Alert color="red" role="alert" title={t("common:errors.title")}>
        {errorText(ticket.error)}
      </Alert>
    );
  }
  const r = ticket.data;
  const warn = policies.data?.find((p) => p.priority === r.priority)?.warn_before_minutes;

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/service" size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={16} aria-hidden />
          {t("back")}
        </Group>
      </Anchor>
      {r.merged_into_id && (
        <Alert color="blue" title={t("merge.mergedTitle")}>
          <Anchor component={Link} to={`/service/tickets/${r.merged_into_id}`}>
            {t("merge.openSurvivor")}
          </Anchor>
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Paper withBorder radius="md" p="md">
              <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm">
                <Stack gap={4} style={{ minWidth: 0 }}>
                  <Title order={1} size="h2" style={{ overflowWrap: "anywhere" }}>
                    {r.subject}
                  </Title>
                  <Group gap="xs">
                    <Text c="dimmed" size="sm" className="tabular">
                      {r.token}
                    </Text>
                    <Badge variant="outline" color="gray">
                      {t(`channel.${r.channel}`)}
                    </Badge>
                    <Text c="dimmed" size="sm">
                      {t("openedOn", { when: fmt.dateTime(r.created_at) })}
                    </Text>
                    {r.csat_score !== null && (
                      <Badge color="teal" variant="light" data-testid="ticket-csat">
                        {t("csat.rated", { score: r.csat_score })}
                      </Badge>
                    )}
                  </Group>
                </Stack>
                {!readOnly && !r.merged_into_id && (
                  <Button
                    variant="default"
                    size="sm"
                    leftSection={<IconGitMerge size={16} aria-hidden />}
                    onClick={mergeDialog.open}
                    style={{ flexShrink: 0 }}
                  >
                    {t("merge.action")}
                  </Button>
                )}
              </Group>
              <SlaClocks ticket={r} warnMinutes={warn} />
              <Stack mt="md">
                <TicketFields
                  ticket={r}
                  save={edit.saveChanges}
                  errors={edit.errors}
                  readOnly={readOnly}
                />
              </Stack>
            </Paper>
            <section aria-label={t("conversation.title")}>
              <Title order={2} size="h4" mb="sm">
                {t("conversation.title")}
              </Title>
              {messages.isError ? (
                <Alert color="red" role="alert">
                  {errorText(messages.error)}
                </Alert>
              ) : messages.isPending ? (
                <Skeleton height={120} />
              ) : (
                <Conversation messages={messages.data} />
              )}
            </section>
            {!readOnly && r.status !== "closed" && <Composer ticket={r} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <RequesterCard ticket={r} />
        </Grid.Col>
      </Grid>
      <MergeDialog ticket={r} opened={merging} onClose={mergeDialog.close} />
      <ConflictDialog
        conflict={edit.conflict}
        label={(field) => t(`field.${field}`, { defaultValue: field })}
        onReapply={() => void edit.reapply()}
        onDiscard={edit.discard}
        busy={edit.busy}
      />
    </Stack>
  );
}
