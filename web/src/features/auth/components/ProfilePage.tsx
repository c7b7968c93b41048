import { Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { formErrorHandler, useNotify } from "../../../ui/errors";
import { LanguagePicker } from "../../../ui/LanguagePicker";
import { CalendarFeedCard } from "../../calendar/components/CalendarFeedCard";
import { useChangePassword } from "../../settings/hooks/useSettings";
import { useChangeLocale, useCurrentUser, useSignOut, useUpdateMe } from "../hooks/useSession";

export function ProfilePage() {
  const { t } = useTranslation("auth");
  const me = useCurrentUser();
  const changeLocale = useChangeLocale();
  const updateMe = useUpdateMe();
  const changePassword = useChangePassword();
  const signOut = useSignOut();
  const notify = useNotify();
  const navigate = useNavigate();
  const profile = useForm({
    initialValues: { display_name: me?.display_name ?? "", timezone: me?.timezone ?? "" },
  });
  const password = useForm({
    initialValues: { current_password: "", new_password: "" },
    validate: { new_password: (v) => (v.length >= 10 ? null : t("passwordTooShort")) },
  });

  return (
    <Stack maw={560}>
      <Title order={1} size="h2">
        {t("profile")}
      </Title>
      <Paper withBorder radius="md" p="md">
        <Stack>
          <Title order={2} size="h4">
            {t("language")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("languageHint")}
          </Text>
          <LanguagePicker
            onChange={(locale) => changeLocale.mutate(locale, { onError: notify.error })}
          />
        </Stack>
      </Paper>
      <Paper withBorder radius="md" p="md">
        <form
          onSubmit={profile.onSubmit((v) =>
            updateMe.mutate(v, {
              onSuccess: () => notify.success(t("saved")),
              onError: formErrorHandler(t, profile, notify),
            }),
          )}
        >
          <Stack>
            <Title order={2} size="h4">
              {t("you")}
            </Title>
            <Text size="sm">{me?.email}</Text>
            <TextInput label={t("name")} {...profile.getInputProps("display_name")} />
            <TextInput
              label={t("timezone")}
              description="Asia/Dhaka, Asia/Kolkata"
              {...profile.getInputProps("timezone")}
            />
            <Button type="submit" loading={updateMe.isPending} w="fit-content">
              {t("save")}
            </Button>
          </Stack>
        </form>
      </Paper>
      <Paper withBorder radius="md" p="md">
        <form
          onSubmit={password.onSubmit((v) =>
            changePassword.mutate(v, {
              onSuccess: () => {
                password.reset();
                notify.success(t("passwordChanged"));
              },
              onError: formErrorHandler(t, password, notify),
            }),
          )}
        >
          <Stack>
            <Title order={2} size="h4">
              {t("changePassword")}
            </Title>
            <PasswordInput
              label={t("currentPassword")}
              autoComplete="current-password"
              {...password.getInputProps("current_password")}
            />
            <PasswordInput
              label={t("newPassword")}
              autoComplete="new-password"
              {...password.getInputProps("new_password")}
            />
            <Button type="submit" loading={changePassword.isPending} w="fit-content">
              {t("changePassword")}
            </Button>
          </Stack>
        </form>
      </Paper>
      <CalendarFeedCard />
      <Button
        variant="default"
        c="red.9"
        onClick={() => signOut.mutate(undefined, { onSettled: () => navigate("/sign-in") })}
        w="fit-content"
      >
        {t("signOut")}
      </Button>
    </Stack>
  );
}
