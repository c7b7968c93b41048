import { Alert, Skeleton, Text } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useErrorMessage } from "../../../../ui/errors";

/**
 * What a settings query shows before its content: a skeleton while it loads, the API's refusal,
 * and (given `empty`) "none yet" for an empty list; then the content, from the data.
 */
export function QueryStates<T>(props: {
  query: UseQueryResult<T>;
  skeletonHeight: number;
  /** Shown instead of the content when the data is an empty list. */
  empty?: string;
  children: (data: T) => ReactNode;
}) {
  const errorText = useErrorMessage();
  const { query } = props;
  if (query.isPending) return <Skeleton height={props.skeletonHeight} radius="md" />;
  if (query.isError) {
    return (
      <Alert color="red" role="alert">
        {errorText(query.error)}
      </Alert>
    );
  }
  if (props.empty !== undefined && Array.isArray(query.data) && query.data.length === 0) {
    return <Text c="dimmed">{props.empty}</Text>;
  }
  return <>{props.children(query.data)}</>;
}
