import { Paper, Title } from "@mantine/core";
import type { ReactNode } from "react";

/** The bordered "Add a …" section above a settings list, named by its heading. */
export function NewItemSection(props: {
  /** The heading's id, which names the section. */
  titleId: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={props.titleId}>
      <Title order={2} size="h4" mb="sm" id={props.titleId}>
        {props.title}
      </Title>
      {props.children}
    </Paper>
  );
}
