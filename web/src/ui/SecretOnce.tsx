import { Alert, Button, Code, CopyButton, Stack, Text } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { useId } from "react";

/** A secret the server shows only once (an API token, a write key, a signing secret): the
 * warning that it will not be shown again, the value in full, and a copy button. */
export function SecretOnce(props: {
  warning: string;
  value: string;
  label?: string;
  copyLabel: string;
  copiedLabel: string;
  testId: string;
}) {
  const labelId = useId();
  return (
    <Stack>
      <Alert color="yellow" c="dark">
        {props.warning}
      </Alert>
      <Stack gap={4}>
        {props.label && (
          <Text fw={600} size="sm" id={labelId}>
            {props.label}
          </Text>
        )}
        <Code
          block
          aria-labelledby={props.label ? labelId : undefined}
          style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}
          data-testid={props.testId}
        >
          {props.value}
        </Code>
      </Stack>
      <CopyButton value={props.value}>
        {({ copied, copy }) => (
          <Button
            leftSection={
              copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />
            }
            onClick={copy}
            color={copied ? "teal.9" : undefined}
            style={{ alignSelf: "flex-start" }}
          >
            {copied ? props.copiedLabel : props.copyLabel}
          </Button>
        )}
      </CopyButton>
    </Stack>
  );
}
