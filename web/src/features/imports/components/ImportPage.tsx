import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  Progress,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useFormat } from "../../../i18n/format";
import { useNotify } from "../../../ui/errors";
import {
  errorReportUrl,
  type ImportJob,
  type ImportKind,
  type ImportPreview,
  importsKey,
  isActive,
  type Mapping,
  missingRequired,
  percent,
  previewImport,
  startImport,
  useImportJob,
  useImportList,
} from "../hooks/useImports";

function JobSummary({ job }: { job: ImportJob }) {
  const { t } = useTranslation("imports");
  const value = percent(job);
  return (
    <Stack gap="xs" data-testid="import-job">
      <Group gap="sm">
        <Badge color={job.status === "done" ? "green" : job.status === "failed" ? "red" : "blue"}>
          {t(`status.${job.status}`, { defaultValue: job.status })}
        </Badge>
        {job.dry_run && <Badge variant="light">{t("dryRun")}</Badge>}
        <Text size="sm">
          {t("progress", { done: job.processed_rows, total: job.total_rows ?? "…" })}
        </Text>
      </Group>
      <Progress value={value ?? 0} animated={isActive(job)} aria-label={t("progressLabel")} />
      <Text size="sm">
        {t("counts", {
          created: job.created_count,
          updated: job.updated_count,
          skipped: job.skipped_count,
          errors: job.error_count,
        })}
      </Text>
      {job.message && <Alert color="red">{job.message}</Alert>}
      {(job.first_errors?.length ?? 0) > 0 && (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("row")}</Table.Th>
              <Table.Th>{t("column")}</Table.Th>
              <Table.Th>{t("problem")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(job.first_errors ?? []).map((e) => (
              <Table.Tr key={`${e.row_number}-${e.field}-${e.message}`}>
                <Table.Td>{e.row_number}</Table.Td>
                <Table.Td>{e.field ?? "—"}</Table.Td>
                <Table.Td>{e.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {job.error_count > 0 && !isActive(job) && (
        <Anchor href={errorReportUrl(job.id)} download>
          {t("downloadReport")}
        </Anchor>
      )}
    </Stack>
  );
}

function PastImports() {
  const { t } = useTranslation("imports");
  const fmt = useFormat();
  const list = useImportList();
  if (!list.data?.length) return null;
  return (
    <Stack gap="xs">
      <Title order={3}>{t("past")}</Title>
      <Table striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("file")}</Table.Th>
            <Table.Th>{t("kind")}</Table.Th>
            <Table.Th>{t("statusLabel")}</Table.Th>
            <Table.Th>{t("rows")}</Table.Th>
            <Table.Th>{t("errors")}</Table.Th>
            <Table.Th>{t("when")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data.map((job) => (
            <Table.Tr key={job.id}>
              <Table.Td>{job.filename}</Table.Td>
              <Table.Td>{t(`kinds.${job.kind}`, { defaultValue: job.kind })}</Table.Td>
              <Table.Td>
                {t(`status.${job.status}`, { defaultValue: job.status })}
                {job.dry_run ? ` (${t("dryRun")})` : ""}
              </Table.Td>
              <Table.Td>{job.processed_rows}</Table.Td>
              <Table.Td>
                {job.error_count > 0 ? (
                  <Anchor href={errorReportUrl(job.id)} download>
                    {job.error_count}
                  </Anchor>
                ) : (
                  0
                )}
              </Table.Td>
              <Table.Td>{fmt.dateTime(job.created_at)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

export function ImportPage() {
  const { t } = useTranslation("imports");
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [search] = useSearchParams();
  const asked = search.get("kind");
  const [kind, setKind] = useState<ImportKind>(
    asked === "companies" || asked === "orders" ? asked : "people",
  );
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [source, setSource] = useState("Import");
  const [busy, setBusy] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useImportJob(jobId);

  async function choose(next: File | null) {
    setFile(next);
    setPreview(null);
    setJobId(null);
    if (!next) return;
    setBusy(true);
    try {
      const result = await previewImport(next, kind);
      setPreview(result);
      setMapping(result.mapping);
    } catch (error) {
      notify.error(error);
    } finally {
      setBusy(false);
    }
  }

  async function run(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    try {
      const started = await startImport({ file, kind, source, mapping, dryRun });
      setJobId(started.id);
      void queryClient.invalidateQueries({ queryKey: importsKey });
    } catch (error) {
      notify.error(error);
    } finally {
      setBusy(false);
    }
  }

  const targets = preview?.targets ?? [];
  const missing = missingRequired(mapping, targets);
  const options = targets.map((target) => ({
    value: target.name,
    label: `${target.label}${target.required ? " *" : ""}`,
  }));
  const finished = job.data && !isActive(job.data);
  const doneId = finished && job.data && !job.data.dry_run ? job.data.id : null;
  useEffect(() => {
    if (doneId) {
      void queryClient.invalidateQueries({ queryKey: [kind] });
      void queryClient.invalidateQueries({ queryKey: importsKey });
    }
  }, [doneId, kind, queryClient]);

  return (
    <Stack gap="lg" maw={1000}>
      <Title order={2}>{t("title")}</Title>
      <Text c="dimmed">{t("intro")}</Text>
      <Group align="end">
        <SegmentedControl
          aria-label={t("kind")}
          value={kind}
          onChange={(v) => {
            setKind(v as ImportKind);
            setPreview(null);
            setFile(null);
          }}
          data={[
            { value: "people", label: t("kinds.people") },
            { value: "companies", label: t("kinds.companies") },
            { value: "orders", label: t("kinds.orders") },
          ]}
        />
        <FileInput
          label={t("file")}
          placeholder={t("choose")}
          accept=".csv,.txt,.tsv,.xlsx"
          value={file}
          onChange={(f) => void choose(f)}
          miw={280}
          disabled={busy}
        />
        <TextInput
          label={t("source")}
          value={source}
          onChange={(e) => setSource(e.currentTarget.value)}
        />
      </Group>
      {preview && (
        <Stack gap="sm">
          <Group gap="sm">
            <Badge variant="light">{preview.format.toUpperCase()}</Badge>
            {preview.encoding && (
              <Badge variant="light" data-testid="import-encoding">
                {preview.encoding}
              </Badge>
            )}
            {preview.delimiter && (
              <Badge variant="light">
                {t("delimiter", {
                  value: preview.delimiter === "\t" ? "tab" : preview.delimiter,
                })}
              </Badge>
            )}
            {preview.preset && (
              <Badge color="grape">
                {preview.presets.find((p) => p.name === preview.preset)?.label ?? preview.preset}
              </Badge>
            )}
          </Group>
          <Title order={3}>{t("mapping")}</Title>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("column")}</Table.Th>
                <Table.Th>{t("sample")}</Table.Th>
                <Table.Th>{t("field")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.headers.map((header, i) => (
                <Table.Tr key={header}>
                  <Table.Td>{header}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed" lineClamp={1}>
                      {preview.rows
                        .slice(0, 3)
                        .map((r) => r[i] ?? "")
                        .filter(Boolean)
                        .join(" · ")}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={t("fieldFor", { column: header })}
                      data={options}
                      value={mapping[header] ?? null}
                      placeholder={t("skip")}
                      clearable
                      onChange={(v) => setMapping({ ...mapping, [header]: v })}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {missing.length > 0 && (
            <Alert color="orange">{t("required", { fields: missing.join(", ") })}</Alert>
          )}
          <Group>
            <Button
              variant="default"
              onClick={() => void run(true)}
              loading={busy}
              disabled={missing.length > 0}
            >
              {t("dryRunButton")}
            </Button>
            <Button onClick={() => void run(false)} loading={busy} disabled={missing.length > 0}>
              {t("importButton")}
            </Button>
          </Group>
        </Stack>
      )}
      {job.data && <JobSummary job={job.data} />}
      {finished && job.data && !job.data.dry_run && (
        <Anchor component={Link} to={`/${kind}`}>
          {t(kind === "people" ? "seePeople" : kind === "companies" ? "seeCompanies" : "seeOrders")}
        </Anchor>
      )}
      <PastImports />
    </Stack>
  );
}
