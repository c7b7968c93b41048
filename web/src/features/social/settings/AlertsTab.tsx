import {
  Alert,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  TagsInput,
  Text,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/format";
import { formErrorHandler, useNotify } from "../../../ui/errors";
import { useUserOptions } from "../../users/hooks/useUsers";
import { useAlertSettings, useCheckAlert, useSaveAlertSettings } from "../hooks/useSocialSettings";

/** The negative-share alert: its window, baseline, threshold, cooldown and who hears of it. */
export function AlertsTab() {
  const { t } = useTranslation("social");
  const fmt = useFormat();
  const settings = useAlertSettings();
  const save = useSaveAlertSettings();
  const check = useCheckAlert();
  const users = useUserOptions();
  const notify = useNotify();
  const s = settings.data;
  const form = useForm({
    initialValues: {
      enabled: true,
      window_minutes: 60 as number | "",
      baseline_windows: 24 as number | "",
      k: 2 as number | "",
      min_mentions: 10 as number | "",
      cooldown_minutes: 180 as number | "",
      email_to: [] as string[],
      notify_user_ids: [] as string[],
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the form when a new version arrives
  useEffect(() => {
    if (!s) return;
    form.setValues({
      enabled: s.enabled,
      window_minutes: s.window_minutes,
      baseline_windows: s.baseline_windows,
      k: s.k,
      min_mentions: s.min_mentions,
      cooldown_minutes: s.cooldown_minutes,
      email_to: s.email_to,
      notify_user_ids: s.notify_user_ids,
    });
    form.resetDirty();
  }, [s?.version]);
  if (!s) return <Skeleton height={200} />;
  const num = (v: number | "") => (v === "" ? undefined : Number(v));
  const submit = form.onSubmit((v) =>
    save.mutate(
      {
        version: s.version,
        body: {
          enabled: v.enabled,
          window_minutes: num(v.window_minutes),
          baseline_windows: num(v.baseline_windows),
          k: num(v.k),
          min_mentions: num(v.min_mentions),
          cooldown_minutes: num(v.cooldown_minutes),
          email_to: v.email_to,
          notify_user_ids: v.notify_user_ids,
        },
      },
      {
        onSuccess: () => notify.success(t("settings.saved")),
        onError: formErrorHandler(t, form, notify),
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={720}>
        <Text size="sm" c="dimmed">
          {t("settings.alerts.intro")}
        </Text>
        <Switch
          label={t("settings.enabled")}
          {...form.getInputProps("enabled", { type: "checkbox" })}
        />
        <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }} spacing="sm">
          <NumberInput
            label={t("settings.alerts.window")}
            min={5}
            {...form.getInputProps("window_minutes")}
          />
          <NumberInput
            label={t("settings.alerts.baseline")}
            min={3}
            max={500}
            {...form.getInputProps("baseline_windows")}
          />
          <NumberInput
            label={t("settings.alerts.k")}
            min={0}
            max={10}
            step={0.5}
            decimalScale={2}
            {...form.getInputProps("k")}
          />
          <NumberInput
            label={t("settings.alerts.minMentions")}
            min={1}
            {...form.getInputProps("min_mentions")}
          />
          <NumberInput
            label={t("settings.alerts.cooldown")}
            min={0}
            {...form.getInputProps("cooldown_minutes")}
          />
        </SimpleGrid>
        <TagsInput
          label={t("settings.alerts.emailTo")}
          description={t("settings.alerts.emailHint")}
          {...form.getInputProps("email_to")}
        />
        <MultiSelect
          label={t("settings.alerts.notify")}
          placeholder={
            form.values.notify_user_ids.length ? undefined : t("settings.alerts.notifyDefault")
          }
          data={users}
          searchable
          {...form.getInputProps("notify_user_ids")}
        />
        {s.last_fired_at && (
          <Text size="sm">
            {t("settings.alerts.lastFired", { when: fmt.dateTime(s.last_fired_at) })}
          </Text>
        )}
        {check.data && (
          <Alert color={check.data.fired ? "orange" : "gray"} data-testid="alert-check">
            {check.data.reason}
          </Alert>
        )}
        <Group justify="space-between">
          <Button
            variant="default"
            loading={check.isPending}
            onClick={() => check.mutate(undefined, { onError: notify.error })}
          >
            {t("settings.alerts.checkNow")}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t("settings.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
