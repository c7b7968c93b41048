import { Paper, Text } from "@mantine/core";
import type { ReactNode } from "react";

/** A chart in a bordered card, named for screen readers by its title; says so when there is
 * nothing to draw instead of drawing empty axes. */
export function ChartCard(props: {
  title: string;
  empty: boolean;
  emptyText: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      role="figure"
      aria-label={props.title}
      data-testid={props.testId}
    >
      <Text fw={600} mb="sm">
        {props.title}
      </Text>
      {props.empty ? (
        <Text size="sm" c="dimmed">
          {props.emptyText}
        </Text>
      ) : (
        props.children
      )}
    </Paper>
  );
}
