import { Alert, Badge, Group, Paper, Skeleton, Stack, Text, Title, Tooltip } from "@mantine/core";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/format";
import { useErrorMessage } from "../../../ui/errors";
import { useSourceNames } from "../../settings/hooks/useSources";
import { type Identity, usePersonIdentities } from "../hooks/usePersonEvents";

/** "Weak": shared by too many people to decide who a record belongs to; says why on focus too. */
function WeakBadge() {
  const { t } = useTranslation("sources");
  return (
    <Tooltip
      label={t("identities.weakHint")}
      multiline
      w={280}
      withArrow
      events={{ hover: true, focus: true, touch: true }}
    >
      <Badge
        variant="light"
        color="orange.9"
        tabIndex={0}
        style={{ cursor: "help" }}
        data-testid="weak-identity"
      >
        {t("identities.weak")}
      </Badge>
    </Tooltip>
  );
}

function IdentityItem(props: { identity: Identity; sourceName: string; first: boolean }) {
  const { t } = useTranslation("sources");
  const fmt = useFormat();
  const { identity } = props;
  const seen = t("identities.firstSeen", { date: fmt.date(identity.created_at) });
  return (
    <Group
      component="li"
      justify="space-between"
      align="flex-start"
      wrap="nowrap"
      gap="xs"
      py={6}
      style={props.first ? undefined : { borderTop: "1px solid var(--mantine-color-gray-2)" }}
      data-testid="identity"
    >
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="xs" c="dimmed" fw={600} tt="uppercase">
          {t(`identities.kinds.${identity.kind}`, { defaultValue: identity.kind })}
        </Text>
        <Text size="sm" style={{ overflowWrap: "anywhere" }}>
          {identity.value}
        </Text>
        <Text size="xs" c="dimmed">
          {props.sourceName ? `${props.sourceName} · ${seen}` : seen}
        </Text>
      </Stack>
      {identity.weak && <WeakBadge />}
    </Group>
  );
}

/** Every identifier Sampark holds for a person: e-mails, phones, user and device ids. */
export function PersonIdentities(props: { personId: string }) {
  const { t } = useTranslation("sources");
  const errorText = useErrorMessage();
  const identities = usePersonIdentities(props.personId);
  const sourceName = useSourceNames();
  const titleId = useId();

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={titleId}>
      <Title order={2} size="h4" mb="xs" id={titleId}>
        {t("identities.title")}
      </Title>
      {identities.isPending ? (
        <Skeleton height={48} radius="md" />
      ) : identities.isError ? (
        <Alert color="red" role="alert">
          {errorText(identities.error)}
        </Alert>
      ) : identities.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("identities.empty")}
        </Text>
      ) : (
        <Stack
          component="ul"
          gap={0}
          p={0}
          m={0}
          style={{ listStyle: "none" }}
          aria-labelledby={titleId}
        >
          {identities.data.map((identity, index) => (
            <IdentityItem
              first={index === 0}
              key={`${identity.kind}:${identity.value}`}
              identity={identity}
              sourceName={sourceName(identity.source_id)}
            />
          ))}
        </Stack>
      )}
    </Paper>
  );
}
