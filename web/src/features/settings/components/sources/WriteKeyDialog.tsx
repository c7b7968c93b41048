import { Button, Code, CopyButton, Text, Title } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { SecretOnce } from "../../../../ui/SecretOnce";
import type { SourceWithKey } from "../../hooks/useSources";
import { IssuedSecretDialog } from "../shared/IssuedSecretDialog";

/** The write key, shown once after it is issued, with how to send a first event. */
export function WriteKeyDialog(props: { issued: SourceWithKey | null; onClose: () => void }) {
  const { t } = useTranslation("sources");
  const { issued } = props;
  const origin = typeof location !== "undefined" ? location.origin : "";
  const curl = issued
    ? [
        `curl -u "${issued.write_key}:" ${origin}/v1/identify \\`,
        `  -H 'Content-Type: application/json' \\`,
        `  -d '{"userId": "u-1001", "traits": {"email": "nusrat@example.com"}}'`,
      ].join("\n")
    : "";
  const library = issued
    ? [`analytics.write_key = "${issued.write_key}"`, `analytics.host = "${origin}"`].join("\n")
    : "";
  return (
    <IssuedSecretDialog
      issued={issued}
      onClose={props.onClose}
      title={issued ? t("key.createdTitle", { name: issued.name }) : ""}
      closeLabel={t("close")}
      doneLabel={t("key.done")}
    >
      {(source) => (
        <>
          <SecretOnce
            warning={t("key.onlyOnce")}
            label={t("key.label")}
            value={source.write_key}
            copyLabel={t("key.copy")}
            copiedLabel={t("key.copied")}
            testId="new-write-key"
          />
          <Title order={3} size="h5" mt="xs">
            {t("key.connectTitle")}
          </Title>
          <Text size="sm">{t("key.connectCurl")}</Text>
          <Code block style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {curl}
          </Code>
          <CopyButton value={curl}>
            {({ copied, copy }) => (
              <Button
                variant="default"
                size="sm"
                leftSection={
                  copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />
                }
                onClick={copy}
                style={{ alignSelf: "flex-start" }}
              >
                {copied ? t("key.copied") : t("key.copyExample")}
              </Button>
            )}
          </CopyButton>
          <Text size="sm">{t("key.connectLibrary")}</Text>
          <Code block style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {library}
          </Code>
        </>
      )}
    </IssuedSecretDialog>
  );
}
