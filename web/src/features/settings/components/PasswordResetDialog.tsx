import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  PasswordInput,
  Radio,
  Stack,
  Text,
} from "@mantine/core";
import { IconCopy } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { User } from "../../../api/types";
import { fieldMessages, useNotify } from "../../../ui/errors";
import { useResetPassword } from "../hooks/useSettings";

type Mode = "generate" | "type";

/**
 * An admin gives a user a new password: a generated one, shown here once with a copy button
 * (like a new API token), or one the admin types. Either way the user's sessions end.
 */
export function PasswordResetDialog(props: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation("settings");
  const notify = useNotify();
  const reset = useResetPassword();
  const [mode, setMode] = useState<Mode>("generate");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  // The generated password lives only in this state, and only until the dialog closes.
  const [generated, setGenerated] = useState<string | null>(null);
  const user = props.user;

  const close = () => {
    setGenerated(null);
    setPassword("");
    setError(undefined);
    setMode("generate");
    reset.reset();
    props.onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!user) return;
    if (mode === "type" && password.length < 10) {
      setError(t("users.reset.tooShort"));
      return;
    }
    setError(undefined);
    reset.mutate(
      { id: user.id, password: mode === "type" ? password : undefined },
      {
        onSuccess: (answer) => {
          setPassword("");
          if (answer.password) setGenerated(answer.password);
          else {
            notify.success(t("users.reset.done", { name: user.display_name }));
            close();
          }
        },
        onError: (e) => {
          const m = fieldMessages(t, e);
          if (m.password) setError(m.password);
          else notify.error(e);
        },
      },
    );
  };

  return (
    <Modal
      closeButtonProps={{ "aria-label": t("close") }}
      opened={user !== null}
      onClose={close}
      title={user ? t("users.reset.title", { name: user.display_name }) : ""}
      closeOnClickOutside={generated === null}
    >
      {user && generated === null && (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text>{t("users.reset.body", { name: user.display_name })}</Text>
            <Radio.Group
              label={t("users.reset.how")}
              value={mode}
              onChange={(v) => {
                setMode(v as Mode);
                setError(undefined);
              }}
            >
              <Stack gap="xs" mt="xs">
                <Radio value="generate" label={t("users.reset.generate")} />
                <Radio value="type" label={t("users.reset.type")} />
              </Stack>
            </Radio.Group>
            {mode === "type" && (
              <PasswordInput
                label={t("users.reset.newPassword")}
                description={t("users.reset.newPasswordHint")}
                autoComplete="new-password"
                value={password}
                error={error}
                data-autofocus
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t("common:cancel")}
              </Button>
              <Button type="submit" color="red.9" loading={reset.isPending}>
                {t("users.reset.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {user && generated !== null && (
        <Stack>
          <Alert color="yellow" c="dark">
            {t("users.reset.onlyOnce", { name: user.display_name })}
          </Alert>
          <Code
            block
            style={{ whiteSpace: "pre-wrap", wordBreak: "break-all", fontSize: "1.1rem" }}
            data-testid="new-password"
          >
            {generated}
          </Code>
          <Group justify="space-between">
            <CopyButton value={generated}>
              {({ copied, copy }) => (
                <Button
                  leftSection={<IconCopy size={18} aria-hidden />}
                  onClick={copy}
                  color={copied ? "teal.9" : undefined}
                >
                  {copied ? t("users.reset.copied") : t("users.reset.copy")}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={close}>
              {t("users.reset.close")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
