import { Badge, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Person } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { useCompany } from "../../companies/hooks/useCompanies";

/** One row of the comparison: a field's value for each person, and its evidence if any. */
export interface CompareRow {
  key: string;
  label: string;
  a: ReactNode;
  b: ReactNode;
  /** true: agreed (green), false: disagreed (red); undefined: no evidence. */
  agreed?: boolean;
  /** The field's match weight, shown beside the label. */
  weight?: number;
}

const address = (p: Person) =>
  [p.address_line, p.city, p.region, p.postal_code, p.country].filter(Boolean).join(", ");

function CompanyName(props: { id: string | null }) {
  const company = useCompany(props.id);
  return <>{props.id ? (company.data?.name ?? "…") : null}</>;
}

/** The rows that describe a person, for two people. */
export function useCompareRows(a: Person, b: Person): CompareRow[] {
  const { t } = useTranslation(["merges", "people"]);
  const fmt = useFormat();
  const list = (values: string[]) => (values.length ? values.join(", ") : null);
  return [
    { key: "name", label: t("compare.name"), a: a.display_name, b: b.display_name },
    {
      key: "email",
      label: t("compare.emails"),
      a: list(a.emails.map((e) => e.email)),
      b: list(b.emails.map((e) => e.email)),
    },
    {
      key: "phone",
      label: t("compare.phones"),
      a: list(a.phones.map((e) => e.number)),
      b: list(b.phones.map((e) => e.number)),
    },
    { key: "address", label: t("compare.address"), a: address(a) || null, b: address(b) || null },
    {
      key: "company",
      label: t("compare.company"),
      a: a.company_id ? <CompanyName id={a.company_id} /> : null,
      b: b.company_id ? <CompanyName id={b.company_id} /> : null,
    },
    {
      key: "sources",
      label: t("compare.sources"),
      a: t("compare.sourceCount", { count: Object.keys(a.field_sources ?? {}).length }),
      b: t("compare.sourceCount", { count: Object.keys(b.field_sources ?? {}).length }),
    },
    {
      key: "created",
      label: t("compare.created"),
      a: fmt.date(a.created_at),
      b: fmt.date(b.created_at),
    },
  ];
}

function Cell(props: { children: ReactNode; agreed?: boolean }) {
  const color =
    props.agreed === true ? "green.0" : props.agreed === false ? "red.0" : "transparent";
  return (
    <Text
      size="sm"
      bg={color}
      px={6}
      py={2}
      style={{ overflowWrap: "anywhere", borderRadius: 4 }}
      data-agreed={props.agreed === undefined ? undefined : String(props.agreed)}
    >
      {props.children || <span style={{ color: "var(--mantine-color-dimmed)" }}>—</span>}
    </Text>
  );
}

/** Two people column by column (label above each pair, so it reads on a phone too). */
export function PeopleSideBySide(props: {
  a: Person;
  b: Person;
  titleA: ReactNode;
  titleB: ReactNode;
  rows: CompareRow[];
}) {
  const { t } = useTranslation("merges");
  return (
    <Stack gap="xs" data-testid="side-by-side">
      <SimpleGrid cols={2} spacing="sm">
        <div>{props.titleA}</div>
        <div>{props.titleB}</div>
      </SimpleGrid>
      {props.rows.map((row) => (
        <Stack key={row.key} gap={2} data-testid={`compare-${row.key}`}>
          <Group gap="xs" justify="space-between" wrap="nowrap">
            <Text size="xs" c="dimmed" fw={600} tt="uppercase">
              {row.label}
            </Text>
            {row.agreed !== undefined && (
              <Badge
                size="sm"
                variant="light"
                color={row.agreed ? "green.9" : "red.9"}
                data-testid="evidence-badge"
              >
                {row.agreed ? t("review.agreed") : t("review.disagreed")}
                {row.weight !== undefined ? ` · ${row.weight.toFixed(1)}` : ""}
              </Badge>
            )}
          </Group>
          <SimpleGrid cols={2} spacing="sm">
            <Cell agreed={row.agreed}>{row.a}</Cell>
            <Cell agreed={row.agreed}>{row.b}</Cell>
          </SimpleGrid>
        </Stack>
      ))}
    </Stack>
  );
}
