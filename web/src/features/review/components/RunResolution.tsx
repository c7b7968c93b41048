import { Alert, Button, Progress, Stack, Text } from "@mantine/core";
import { IconPlayerPlay } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrorMessage } from "../../../ui/errors";
import { runOver, useRun, useStartRun } from "../hooks/useReview";

/** Admins: "Run resolution now", then its progress until it finishes. */
export function RunResolution() {
  const { t } = useTranslation("merges");
  const [runId, setRunId] = useState<string | null>(null);
  const start = useStartRun();
  const run = useRun(runId);
  const errorText = useErrorMessage();
  const r = run.data;
  const busy = start.isPending || (Boolean(runId) && !runOver(r));
  return (
    <Stack gap="xs" w="100%">
      <Button
        leftSection={<IconPlayerPlay size={18} aria-hidden />}
        loading={busy}
        onClick={() => start.mutate(undefined, { onSuccess: (created) => setRunId(created.id) })}
        w="fit-content"
      >
        {t("run.start")}
      </Button>
      {busy && <Progress value={100} animated aria-label={t("run.running")} />}
      {r && (
        <Text size="sm" data-testid="run-status" role="status">
          {r.error
            ? t("run.failed", { error: r.error })
            : t(runOver(r) ? "run.finished" : "run.progress", {
                records: r.records,
                pairs: r.pairs_scored,
                merged: r.auto_merged,
                queued: r.queued,
              })}
        </Text>
      )}
      {start.isError && (
        <Alert color="red" role="alert">
          {errorText(start.error)}
        </Alert>
      )}
    </Stack>
  );
}
