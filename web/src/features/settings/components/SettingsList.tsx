import { Paper, Stack } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { QueryStates } from "./shared/QueryStates";

/** A settings tab's list of records: loading, the API's refusal, "none yet", or the rows. */
export function SettingsList<T>(props: {
  query: UseQueryResult<T[]>;
  /** The list's accessible name. */
  label: string;
  empty: string;
  children: (item: T) => ReactNode;
}) {
  return (
    <QueryStates query={props.query} skeletonHeight={120} empty={props.empty}>
      {(items) => (
        <Paper withBorder radius="md">
          <Stack
            component="ul"
            gap={0}
            p={0}
            m={0}
            style={{ listStyle: "none" }}
            aria-label={props.label}
          >
            {items.map(props.children)}
          </Stack>
        </Paper>
      )}
    </QueryStates>
  );
}
