import { useQuery } from "@tanstack/react-query";
import { api, readCsrfCookie, unwrap } from "../../../api/client";
import { ApiError, type Problem } from "../../../api/errors";
import type { components } from "../../../api/schema";

type S = components["schemas"];
export type ImportJob = S["ImportJobOut"];
export type ImportPreview = S["PreviewOut"];
export type ImportKind = "people" | "companies" | "orders";
export type Mapping = Record<string, string | null>;

export const importsKey = ["imports"] as const;

/** Multipart upload: openapi-fetch sends JSON, so files go through fetch with the CSRF header. */
async function upload<T>(path: string, form: FormData): Promise<T> {
  const token = readCsrfCookie();
  const response = await globalThis.fetch(path, {
    method: "POST",
    body: form,
    headers: token ? { "X-CSRF-Token": token } : {},
    credentials: "same-origin",
  });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(response.status, body as Problem | undefined);
  return body as T;
}

export function previewImport(file: File, kind: ImportKind): Promise<ImportPreview> {
  const form = new FormData();
  form.append("file", file);
  form.append("kind", kind);
  return upload<ImportPreview>("/api/v1/imports/preview", form);
}

export interface StartImport {
  file: File;
  kind: ImportKind;
  source: string;
  mapping: Mapping;
  dryRun: boolean;
}

export function startImport(input: StartImport): Promise<ImportJob> {
  const form = new FormData();
  form.append("file", input.file);
  form.append("kind", input.kind);
  form.append("source", input.source);
  form.append("mapping", JSON.stringify(input.mapping));
  form.append("dry_run", input.dryRun ? "true" : "false");
  return upload<ImportJob>("/api/v1/imports", form);
}

export const isActive = (job: ImportJob | undefined) =>
  job?.status === "queued" || job?.status === "running";

/** One import, polled every second while it runs. */
export function useImportJob(id: string | null) {
  return useQuery({
    queryKey: [...importsKey, id],
    enabled: id !== null,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/imports/{job_id}", { params: { path: { job_id: id ?? "" } }, signal }),
      ),
    refetchInterval: (query) => (isActive(query.state.data) ? 1000 : false),
  });
}

export function useImportList() {
  return useQuery({
    queryKey: [...importsKey, "list"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/imports", { signal })),
  });
}

/** Required fields no column is mapped to. */
export function missingRequired(
  mapping: Mapping,
  targets: { name: string; required: boolean }[],
): string[] {
  const used = new Set(Object.values(mapping).filter((v): v is string => Boolean(v)));
  return targets.filter((t) => t.required && !used.has(t.name)).map((t) => t.name);
}

/** Percent done, or null while the total is unknown. */
export function percent(job: Pick<ImportJob, "processed_rows" | "total_rows">): number | null {
  if (!job.total_rows) return null;
  return Math.min(100, Math.round((job.processed_rows / job.total_rows) * 100));
}

export const errorReportUrl = (id: string) => `/api/v1/imports/${id}/errors.csv`;
