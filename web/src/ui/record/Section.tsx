import { Paper, Title } from "@mantine/core";
import type { ReactNode } from "react";

/** A titled card on a record page; `testId` names it for tests. */
export function Section(props: {
  title: string;
  children: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      aria-label={props.title}
      data-testid={props.testId}
    >
      <div
        style={{
          display: "flex",
          justifyContent: "space-between",
          alignItems: "center",
          marginBottom: 8,
          gap: 8,
        }}
      >
        <Title order={2} size="h4">
          {props.title}
        </Title>
        {props.action}
      </div>
      {props.children}
    </Paper>
  );
}
