import { Alert, Anchor, Group, Skeleton, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { isApiError } from "../../../api/errors";
import { useMergesOf } from "../hooks/useMerges";
import { UndoMergeButton } from "./UndoMergeButton";

/**
 * A person merged into another is retired (the API answers 404 for it): its merge history
 * still says where it went. Shows "Merged into X" with a link and Undo, or `fallback`.
 */
export function MergedNotice(props: {
  personId: string;
  error?: unknown;
  /** The person was read and has `merged_into_id` set. */
  retired?: boolean;
  fallback: ReactNode;
}) {
  const { t } = useTranslation("merges");
  const notFound =
    Boolean(props.retired) || (isApiError(props.error) && props.error.status === 404);
  const merges = useMergesOf(props.personId, notFound);
  if (!notFound) return <>{props.fallback}</>;
  if (merges.isPending) return <Skeleton height={80} radius="md" />;
  const merge = merges.data?.find((m) => m.merged_id === props.personId && !m.undone_at);
  if (!merge) return <>{props.fallback}</>;
  return (
    <Alert
      color="orange"
      title={t("retired.title", { name: merge.merged_name ?? "" })}
      data-testid="merged-banner"
    >
      <Group justify="space-between" gap="sm">
        <Text size="sm">
          {t("retired.body")}{" "}
          <Anchor component={Link} to={`/people/${merge.survivor_id}`} c="brand.8" fw={600}>
            {merge.survivor_name}
          </Anchor>
        </Text>
        <UndoMergeButton merge={merge} />
      </Group>
    </Alert>
  );
}
