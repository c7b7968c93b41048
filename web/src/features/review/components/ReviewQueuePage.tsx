import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Kbd,
  Paper,
  Progress,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { useHotkeys } from "@mantine/hooks";
import { IconGitMerge, IconUsers, IconX } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Person } from "../../../api/types";
import { useErrorMessage, useNotify } from "../../../ui/errors";
import { useMe } from "../../auth/hooks/useMe";
import {
  type CompareRow,
  PeopleSideBySide,
  useCompareRows,
} from "../../merges/components/PeopleSideBySide";
import {
  type Decision,
  type Evidence,
  type MatchCandidate,
  useDecide,
  usePendingPairs,
} from "../hooks/useReview";
import { RunResolution } from "./RunResolution";

/** Which comparison row an evidence field belongs to. */
const ROW_OF: Record<string, string> = {
  name: "name",
  given_name: "name",
  family_name: "name",
  display_name: "name",
  email: "email",
  emails: "email",
  phone: "phone",
  phones: "phone",
  address_line: "address",
  address: "address",
  city: "address",
  region: "address",
  postal_code: "address",
  country: "address",
  company: "company",
  company_id: "company",
};

function withEvidence(rows: CompareRow[], evidence: Evidence[]): CompareRow[] {
  return rows.map((row) => {
    const mine = evidence.filter((e) => (ROW_OF[e.field] ?? e.field) === row.key);
    if (!mine.length) return row;
    return {
      ...row,
      agreed: mine.some((e) => e.agreed),
      weight: mine.reduce((sum, e) => sum + e.weight, 0),
    };
  });
}

const older = (a: Person, b: Person) => (a.created_at <= b.created_at ? a : b);

/** The comparisons the resolution model makes (its evidence fields), named for people. */
const FIELD_NAMES = [
  "given_name",
  "family_name",
  "date_of_birth",
  "email",
  "phone",
  "national_id",
  "address",
  "postal_code",
  "city",
  "sources",
] as const;
type FieldName = (typeof FIELD_NAMES)[number];
const isFieldName = (field: string): field is FieldName =>
  (FIELD_NAMES as readonly string[]).includes(field);

function EvidenceList(props: { evidence: Evidence[] }) {
  const { t } = useTranslation("merges");
  const max = Math.max(1, ...props.evidence.map((e) => Math.abs(e.weight)));
  const fieldName = (field: string) => (isFieldName(field) ? t(`review.fields.${field}`) : field);
  return (
    <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
      {props.evidence.map((e) => (
        <Group
          component="li"
          key={e.field}
          gap="xs"
          wrap="nowrap"
          data-testid="evidence"
          data-agreed={String(e.agreed)}
        >
          <Badge w={92} variant="light" color={e.agreed ? "green.9" : "red.9"}>
            {e.agreed ? t("review.agreed") : t("review.disagreed")}
          </Badge>
          {/* The field, then how it agreed (the model's level, e.g. "same consonant
              skeleton"); a disagreement's level is only "all other comparisons". */}
          <Text size="sm" w={{ base: 120, sm: 260 }} truncate title={e.label}>
            {fieldName(e.field)}
            {e.agreed && (
              <Text span size="xs" c="dimmed">
                {" · "}
                {e.label}
              </Text>
            )}
          </Text>
          <Progress
            flex={1}
            value={(Math.abs(e.weight) / max) * 100}
            color={e.weight >= 0 ? "green" : "red"}
            aria-label={t("review.weightOf", { field: fieldName(e.field) })}
          />
          <Text size="xs" c="dimmed" w={40} ta="right">
            {e.weight > 0 ? "+" : ""}
            {e.weight.toFixed(1)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

function PairView(props: {
  pair: MatchCandidate;
  survivor: string;
  onSurvivor: (id: string) => void;
  onMerge: () => void;
  onReject: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation("merges");
  const { person_a: a, person_b: b } = props.pair;
  const rows = withEvidence(useCompareRows(a, b), props.pair.evidence);
  const title = (p: Person) => (
    <Text
      fw={700}
      component={Link}
      to={`/people/${p.id}`}
      c="brand.8"
      style={{ overflowWrap: "anywhere" }}
    >
      {p.display_name}
    </Text>
  );
  return (
    <Paper withBorder radius="md" p="md" data-testid="pair">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t("review.score", { score: Math.round(props.pair.score * 100) })}
          </Title>
          <Text size="sm" c="dimmed">
            {t("review.weight", { weight: props.pair.match_weight.toFixed(1) })}
          </Text>
        </Group>
        <PeopleSideBySide a={a} b={b} rows={rows} titleA={title(a)} titleB={title(b)} />
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t("review.evidence")}
          </Text>
          <EvidenceList evidence={props.pair.evidence} />
        </Stack>
        <Stack gap={4}>
          <Text size="sm" fw={600} id="survivor-label">
            {t("review.keep")}
          </Text>
          <SegmentedControl
            aria-labelledby="survivor-label"
            value={props.survivor}
            onChange={props.onSurvivor}
            data={[a, b].map((p) => ({ value: p.id, label: p.display_name }))}
            fullWidth
          />
        </Stack>
        <Group grow>
          <Button
            leftSection={<IconGitMerge size={18} aria-hidden />}
            rightSection={<Kbd size="xs">M</Kbd>}
            onClick={props.onMerge}
            loading={props.busy}
          >
            {t("review.merge")}
          </Button>
          <Button
            variant="default"
            leftSection={<IconX size={18} aria-hidden />}
            rightSection={<Kbd size="xs">N</Kbd>}
            onClick={props.onReject}
            disabled={props.busy}
          >
            {t("review.reject")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Duplicates to review: pairs the resolver was unsure of, decided one by one. */
export function ReviewQueuePage() {
  const { t } = useTranslation("merges");
  const pairs = usePendingPairs();
  const decide = useDecide();
  const notify = useNotify();
  const errorText = useErrorMessage();
  const me = useMe();
  const items = pairs.data?.items ?? [];
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const index = Math.max(
    0,
    items.findIndex((c) => c.id === selectedId),
  );
  const pair = items[index];
  const [survivor, setSurvivor] = useState<string>("");
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new pair starts with the older person
  useEffect(() => {
    if (pair) setSurvivor(older(pair.person_a, pair.person_b).id);
  }, [pair?.id]);

  const move = (step: number) => {
    const next = items[Math.min(items.length - 1, Math.max(0, index + step))];
    if (next) setSelectedId(next.id);
  };
  const run = (body: Decision) => {
    if (!pair || decide.isPending) return;
    const following = items[index + 1] ?? items[index - 1];
    decide.mutate(
      { id: pair.id, body },
      {
        onSuccess: () => {
          notify.success(body.decision === "merge" ? t("review.merged") : t("review.rejected"));
          setSelectedId(following?.id ?? null);
        },
        onError: notify.error,
      },
    );
  };
  const merge = () => survivor && run({ decision: "merge", survivor_id: survivor });
  const reject = () => run({ decision: "reject" });
  useHotkeys([
    ["m", merge],
    ["n", reject],
    ["j", () => move(1)],
    ["k", () => move(-1)],
  ]);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={1}>{t("review.title")}</Title>
          <Text size="sm" c="dimmed">
            {t("review.intro")}
          </Text>
        </Stack>
        <Text size="xs" c="dimmed" visibleFrom="sm" data-testid="shortcuts">
          <Kbd size="xs">M</Kbd> {t("review.merge")} · <Kbd size="xs">N</Kbd> {t("review.reject")} ·{" "}
          <Kbd size="xs">J</Kbd>/<Kbd size="xs">K</Kbd> {t("review.nextPrevious")}
        </Text>
      </Group>
      {pairs.isPending ? (
        <Skeleton height={320} radius="md" />
      ) : pairs.isError ? (
        <Alert color="red" role="alert">
          {errorText(pairs.error)}
        </Alert>
      ) : !pair ? (
        <Paper withBorder radius="md" p="lg" data-testid="review-empty">
          <Stack gap="sm" align="flex-start">
            <IconUsers size={32} aria-hidden />
            <Title order={2} size="h4">
              {t("review.emptyTitle")}
            </Title>
            <Text size="sm">{t("review.emptyBody")}</Text>
            <Text size="sm" ff="monospace">
              sampark resolve
            </Text>
            {me?.role === "admin" && <RunResolution />}
          </Stack>
        </Paper>
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 4 }} visibleFrom="md">
            <Paper withBorder radius="md" p="xs">
              <Text size="sm" fw={600} px="xs" pb="xs">
                {t("review.pending", { count: items.length })}
              </Text>
              <Stack gap={2} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
                {items.map((c) => (
                  <li key={c.id}>
                    <UnstyledButton
                      w="100%"
                      p="xs"
                      onClick={() => setSelectedId(c.id)}
                      aria-current={c.id === pair.id ? "true" : undefined}
                      bg={c.id === pair.id ? "brand.0" : undefined}
                      style={{ borderRadius: 6 }}
                      data-testid="pair-item"
                    >
                      <Group justify="space-between" wrap="nowrap">
                        <Text size="sm" truncate>
                          {c.person_a.display_name} · {c.person_b.display_name}
                        </Text>
                        <Badge variant="light">{Math.round(c.score * 100)}%</Badge>
                      </Group>
                    </UnstyledButton>
                  </li>
                ))}
              </Stack>
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Text size="xs" c="dimmed" mb={4} hiddenFrom="md">
              {t("review.position", { n: index + 1, total: items.length })}
            </Text>
            <PairView
              pair={pair}
              survivor={survivor}
              onSurvivor={setSurvivor}
              onMerge={merge}
              onReject={reject}
              busy={decide.isPending}
            />
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}
