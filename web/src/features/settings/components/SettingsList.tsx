import { Alert, Paper, Skeleton, Stack, Text } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useErrorMessage } from "../../../ui/errors";

/** A settings tab's list of records: loading, the API's refusal, "none yet", or the rows. */
export function SettingsList<T>(props: {
  query: UseQueryResult<T[]>;
  /** The list's accessible name. */
  label: string;
  empty: string;
  children: (item: T) => ReactNode;
}) {
  const errorText = useErrorMessage();
  const { query } = props;
  if (query.isPending) return <Skeleton height={120} radius="md" />;
  if (query.isError) {
    return (
      <Alert color="red" role="alert">
        {errorText(query.error)}
      </Alert>
    );
  }
  if (query.data.length === 0) return <Text c="dimmed">{props.empty}</Text>;
  return (
    <Paper withBorder radius="md">
      <Stack
        component="ul"
        gap={0}
        p={0}
        m={0}
        style={{ listStyle: "none" }}
        aria-label={props.label}
      >
        {query.data.map(props.children)}
      </Stack>
    </Paper>
  );
}
