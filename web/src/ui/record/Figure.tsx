import { Stack, Text } from "@mantine/core";

/** A labelled figure on a record card (spend, orders, engagement…): small label, bold value. */
export function Figure(props: { label: string; value: string; testId?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text fw={600} size="sm" className="tabular" data-testid={props.testId}>
        {props.value}
      </Text>
    </Stack>
  );
}
