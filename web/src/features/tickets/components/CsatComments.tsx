import { Anchor, Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { CsatReport } from "../../../api/types";
import { useFormat } from "../../../i18n/format";

/** The overall rating and the latest comments customers left with theirs. */
export function CsatComments({ report }: { report: CsatReport }) {
  const { t } = useTranslation("tickets");
  const fmt = useFormat();
  const o = report.overall;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={t("csat.title")}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t("csat.title")}
        </Title>
        <Text size="sm" data-testid="csat-overall">
          {t("csat.overall", {
            average: o.average === null ? "—" : fmt.number(o.average),
            count: o.ratings,
          })}
        </Text>
      </Group>
      {report.recent_comments.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("csat.noComments")}
        </Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {report.recent_comments.map((c) => (
            <Group key={c.ticket_id} component="li" gap="xs" wrap="nowrap" align="flex-start">
              <Badge color={c.score >= 4 ? "teal" : c.score === 3 ? "gray" : "red"} variant="light">
                {c.score}/5
              </Badge>
              <Stack gap={0}>
                <Text size="sm">{c.comment}</Text>
                <Text size="xs" c="dimmed">
                  <Anchor
                    component={Link}
                    to={`/service/tickets/${c.ticket_id}`}
                    size="xs"
                    underline="always"
                  >
                    #{c.number}
                  </Anchor>{" "}
                  · {fmt.relative(c.rated_at)}
                </Text>
              </Stack>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
