import {
  Alert,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { changeLocale } from "../../../i18n";
import { useErrorMessage } from "../../../ui/errors";
import { LanguagePicker } from "../../../ui/LanguagePicker";
import { Logo } from "../../../ui/Logo";
import { useSession, useSignIn } from "../hooks/useSession";

/** Only same-site paths: `next` must never send the user to another origin. */
export function safeNext(next: string | null): string {
  // "//evil.example" and "/\evil.example" are other origins to a browser.
  if (!next?.startsWith("/") || /^\/[/\\]/.test(next) || next.startsWith("/sign-in")) {
    return "/";
  }
  return next;
}

export function SignInPage() {
  const { t, i18n } = useTranslation("auth");
  const [search] = useSearchParams();
  const next = safeNext(search.get("next"));
  const navigate = useNavigate();
  const session = useSession();
  const signIn = useSignIn();
  const errorText = useErrorMessage();
  const form = useForm({
    initialValues: { email: "", password: "" },
    validate: {
      email: (v) => (/^\S+@\S+$/.test(v) ? null : t("emailInvalid")),
      password: (v) => (v ? null : t("passwordRequired")),
    },
  });

  if (session.data) return <Navigate to={next} replace />;

  return (
    <Center mih="100dvh" p="md" bg="var(--mantine-color-gray-0)">
      <Paper component="main" withBorder shadow="sm" p="xl" radius="lg" w="100%" maw={420}>
        <Stack gap="lg">
          <Stack gap={6} align="center">
            <Logo size={56} />
            <Title order={1} size="h2" ta="center">
              {t("title")}
            </Title>
            <Text c="dimmed" ta="center">
              {t("subtitle")}
            </Text>
          </Stack>
          <form
            noValidate
            onSubmit={form.onSubmit((values) =>
              signIn.mutate(values, { onSuccess: () => navigate(next, { replace: true }) }),
            )}
          >
            <Stack gap="md">
              {signIn.isError && (
                <Alert color="red" role="alert" title={t("failed")}>
                  {errorText(signIn.error)}
                </Alert>
              )}
              <TextInput
                label={t("email")}
                type="email"
                autoComplete="username"
                inputMode="email"
                required
                {...form.getInputProps("email")}
              />
              <PasswordInput
                label={t("password")}
                autoComplete="current-password"
                required
                {...form.getInputProps("password")}
              />
              <Button type="submit" size="lg" loading={signIn.isPending} fullWidth>
                {t("submit")}
              </Button>
            </Stack>
          </form>
          <LanguagePicker onChange={(locale) => void changeLocale(locale, i18n)} />
        </Stack>
      </Paper>
    </Center>
  );
}
