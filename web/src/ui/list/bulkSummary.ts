import type { TFunction } from "i18next";
import type { BulkResult } from "../../lib/bulk";

const KNOWN_REASONS = new Set([
  "version_mismatch",
  "not_found",
  "permission_denied",
  "validation_failed",
  "conflict",
  "network",
]);

/**
 * One sentence for what a bulk action did: "Done: 4 records", or
 * "3 done, 1 failed: changed by someone else" with every distinct reason, most frequent first.
 */
export function describeBulkResult(t: TFunction, result: BulkResult): string {
  if (!result.failed) return t("common:bulk.done", { count: result.succeeded });
  const reasons = Object.entries(result.failures ?? {})
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => {
      const reason = t(`records:bulk.reason.${KNOWN_REASONS.has(code) ? code : "other"}`);
      const several = Object.keys(result.failures ?? {}).length > 1;
      return several ? t("records:bulk.reasonCount", { reason, count: n }) : reason;
    });
  // Several codes can read the same ("other"): say each once.
  const unique = [...new Set(reasons)];
  if (unique.length === 0) {
    return t("records:bulk.partialUnknown", {
      succeeded: result.succeeded,
      failed: result.failed,
    });
  }
  return t("records:bulk.partial", {
    succeeded: result.succeeded,
    failed: result.failed,
    reasons: unique.join("; "),
  });
}
