import {
  Alert,
  Button,
  CloseButton,
  FileButton,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
} from "@mantine/core";
import { IconPaperclip, IconSend } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Ticket, TicketStatus } from "../../../api/types";
import { useErrorMessage, useNotify } from "../../../ui/errors";
import { useCannedReplies } from "../hooks/useDeskSetup";
import { renderCanned, useAddMessage } from "../hooks/useTickets";
import { readAttachment } from "./attachments";

const MAX_FILES = 10;
const MAX_BYTES = 10 * 1024 * 1024;

/** Reply to the requester or leave an internal note; canned replies filled in by the server. */
export function Composer({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation("tickets");
  const [kind, setKind] = useState<"reply" | "note">("reply");
  const [body, setBody] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [then, setThen] = useState<TicketStatus | "">("");
  const [unknown, setUnknown] = useState<string[]>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const canned = useCannedReplies();
  const send = useAddMessage(ticket.id);
  const notify = useNotify();
  const errorText = useErrorMessage();
  const languages = { en: "English", bn: "বাংলা", hi: "हिन्दी" } as const;

  const applyCanned = async (id: string | null) => {
    if (!id) return;
    try {
      const rendered = await renderCanned(id, ticket.id);
      setBody((prev) => (prev.trim() ? `${prev.trimEnd()}\n\n${rendered.body}` : rendered.body));
      setUnknown(rendered.unknown_placeholders);
    } catch (error) {
      notify.error(error);
    }
  };

  const addFiles = (picked: File[]) => {
    const next = [...files, ...picked];
    if (next.length > MAX_FILES) return setFileError(t("composer.tooMany", { count: MAX_FILES }));
    const big = next.find((f) => f.size > MAX_BYTES);
    if (big) return setFileError(t("composer.tooBig", { name: big.name }));
    setFileError(null);
    setFiles(next);
  };

  const submit = async () => {
    if (!body.trim()) return;
    const attachments = await Promise.all(files.map(readAttachment));
    send.mutate(
      { kind, body, attachments, status: then || null },
      {
        onSuccess: () => {
          setBody("");
          setFiles([]);
          setThen("");
          setUnknown([]);
          notify.success(kind === "note" ? t("composer.noted") : t("composer.sent"));
        },
      },
    );
  };

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={t("composer.label")}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <SegmentedControl
            value={kind}
            onChange={(v) => setKind(v as "reply" | "note")}
            data={[
              { value: "reply", label: t("composer.reply") },
              { value: "note", label: t("composer.note") },
            ]}
            aria-label={t("composer.kind")}
          />
          <Select
            aria-label={t("composer.canned")}
            placeholder={t("composer.canned")}
            data={(canned.data ?? []).map((c) => ({
              value: c.id,
              label: `${c.name} · ${languages[c.language]}`,
            }))}
            value={null}
            onChange={(id) => void applyCanned(id)}
            searchable
            clearable={false}
            w={{ base: "100%", xs: 260 }}
            nothingFoundMessage={t("composer.noCanned")}
          />
        </Group>
        <Textarea
          label={
            kind === "note"
              ? t("composer.noteLabel")
              : t("composer.replyLabel", {
                  to: ticket.requester_name ?? ticket.requester_email ?? "",
                })
          }
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          autosize
          minRows={4}
          maxRows={14}
          styles={
            kind === "note" ? { input: { background: "var(--mantine-color-yellow-0)" } } : undefined
          }
        />
        {unknown.length > 0 && (
          <Text size="sm" c="orange.9">
            {t("composer.unknown", { names: unknown.join(", ") })}
          </Text>
        )}
        {files.length > 0 && (
          <Group gap="xs">
            {files.map((f, i) => (
              <Group key={`${f.name}-${f.size}-${f.lastModified}`} gap={2} wrap="nowrap">
                <Text size="sm">{f.name}</Text>
                <CloseButton
                  size="sm"
                  aria-label={t("composer.removeFile", { name: f.name })}
                  onClick={() => setFiles(files.filter((_, j) => j !== i))}
                />
              </Group>
            ))}
          </Group>
        )}
        {fileError && (
          <Text size="sm" c="red.8" role="alert">
            {fileError}
          </Text>
        )}
        {send.isError && (
          <Alert color="red" role="alert" title={t("composer.failed")}>
            {errorText(send.error)}
          </Alert>
        )}
        <Group justify="space-between" wrap="wrap" gap="xs">
          <FileButton onChange={addFiles} multiple>
            {(props) => (
              <Button
                {...props}
                variant="default"
                leftSection={<IconPaperclip size={16} aria-hidden />}
              >
                {t("composer.attach")}
              </Button>
            )}
          </FileButton>
          <Group gap="xs" wrap="nowrap">
            <Select
              aria-label={t("composer.then")}
              data={[
                { value: "", label: t("composer.keepStatus") },
                { value: "pending", label: t("composer.thenPending") },
                { value: "solved", label: t("composer.thenSolved") },
              ]}
              value={then}
              onChange={(v) => setThen((v ?? "") as TicketStatus | "")}
              allowDeselect={false}
              w={190}
            />
            <Button
              leftSection={<IconSend size={16} aria-hidden />}
              onClick={() => void submit()}
              loading={send.isPending}
              disabled={!body.trim()}
            >
              {kind === "note" ? t("composer.addNote") : t("composer.send")}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
