import {
  Button,
  Group,
  Menu,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  TextInput,
} from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import {
  IconCheck,
  IconChevronDown,
  IconMoodEdit,
  IconRefresh,
  IconTransform,
  IconUserCheck,
} from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNotify } from "../../../ui/errors";
import { useMe } from "../../auth/hooks/useMe";
import { useQueues } from "../../tickets/hooks/useDeskSetup";
import { useUserOptions } from "../../users/hooks/useUsers";
import { useAssignPost, useConvertPost, useMarkDone, useUpdatePost } from "../hooks/useSocial";
import { INTENTS, SENTIMENTS } from "../options";
import type { SocialPost } from "../types";

function ConvertDialog(props: { post: SocialPost; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation("social");
  const notify = useNotify();
  const convert = useConvertPost(props.post.id);
  const queues = useQueues();
  const phone = useMediaQuery("(max-width: 48em)");
  const canTicket = !props.post.ticket_id;
  const [to, setTo] = useState<"ticket" | "deal">(canTicket ? "ticket" : "deal");
  const [queue, setQueue] = useState<string | null>(null);
  const [title, setTitle] = useState(props.post.text.slice(0, 80));
  const submit = () =>
    convert.mutate(to === "ticket" ? { to, queue } : { to, title: title.trim() || null }, {
      onSuccess: () => {
        notify.success(t(to === "ticket" ? "convert.ticketDone" : "convert.dealDone"));
        props.onClose();
      },
      onError: notify.error,
    });
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={t("convert.title")}
      closeButtonProps={{ "aria-label": t("common:close") }}
      fullScreen={phone}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <SegmentedControl
            value={to}
            onChange={(v) => setTo(v as "ticket" | "deal")}
            data={[
              { value: "ticket", label: t("convert.ticket"), disabled: !canTicket },
              { value: "deal", label: t("convert.deal"), disabled: Boolean(props.post.deal_id) },
            ]}
          />
          {to === "ticket" ? (
            <Select
              label={t("convert.queue")}
              placeholder={t("convert.queueAuto")}
              data={(queues.data ?? []).map((q) => ({ value: q.name, label: q.name }))}
              value={queue}
              onChange={setQueue}
              clearable
            />
          ) : (
            <TextInput
              label={t("convert.dealTitle")}
              description={t("convert.dealHint")}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              maxLength={300}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t("common:cancel")}
            </Button>
            <Button type="submit" loading={convert.isPending}>
              {t("convert.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Assign, mark done (or reopen), convert, and correct what the understanding got wrong. */
export function PostActions({ post }: { post: SocialPost }) {
  const { t } = useTranslation("social");
  const me = useMe();
  const notify = useNotify();
  const users = useUserOptions();
  const assign = useAssignPost(post.id);
  const done = useMarkDone(post.id);
  const update = useUpdatePost(post.id);
  const [converting, convertDialog] = useDisclosure(false);
  const doAssign = (assignee: string | null) =>
    assign.mutate(
      { assignee_id: assignee },
      { onSuccess: () => notify.success(t("actions.assigned")), onError: notify.error },
    );
  const setStatus = (status: "open" | "hidden") =>
    update.mutate({ version: post.version, changes: { status } }, { onError: notify.error });
  const correct = (sentiment: (typeof SENTIMENTS)[number]) =>
    update.mutate(
      { version: post.version, changes: { sentiment } },
      { onSuccess: () => notify.success(t("actions.corrected")), onError: notify.error },
    );

  const correctIntent = (intent: (typeof INTENTS)[number]) =>
    update.mutate(
      { version: post.version, changes: { intent } },
      { onSuccess: () => notify.success(t("actions.intentCorrected")), onError: notify.error },
    );

  return (
    <Stack gap="xs">
      <Group gap="xs" align="flex-end">
        <Select
          label={t("actions.assignee")}
          placeholder={t("filter.unassigned")}
          data={users}
          value={post.assignee_id}
          onChange={doAssign}
          searchable
          clearable
          w={220}
          disabled={assign.isPending}
        />
        {me && post.assignee_id !== me.id && (
          <Button
            variant="default"
            leftSection={<IconUserCheck size={16} aria-hidden />}
            onClick={() => doAssign(me.id)}
            loading={assign.isPending}
          >
            {t("actions.assignMe")}
          </Button>
        )}
      </Group>
      <Group gap="xs">
        {post.status === "done" ? (
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} aria-hidden />}
            onClick={() => setStatus("open")}
            loading={update.isPending}
          >
            {t("actions.reopen")}
          </Button>
        ) : (
          <Button
            color="teal"
            leftSection={<IconCheck size={16} aria-hidden />}
            onClick={() =>
              done.mutate(undefined, {
                onSuccess: () => notify.success(t("actions.doneSaved")),
                onError: notify.error,
              })
            }
            loading={done.isPending}
          >
            {t("actions.done")}
          </Button>
        )}
        {(!post.ticket_id || !post.deal_id) && (
          <Button
            variant="default"
            leftSection={<IconTransform size={16} aria-hidden />}
            onClick={convertDialog.open}
          >
            {t("actions.convert")}
          </Button>
        )}
        <Menu withinPortal position="bottom-start">
          <Menu.Target>
            <Button
              variant="default"
              leftSection={<IconMoodEdit size={16} aria-hidden />}
              rightSection={<IconChevronDown size={14} aria-hidden />}
            >
              {t("actions.correct")}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>{t("actions.correctHint")}</Menu.Label>
            {SENTIMENTS.map((s) => (
              <Menu.Item
                key={s}
                onClick={() => correct(s)}
                rightSection={post.sentiment === s ? "✓" : null}
              >
                {t(`sentiment.${s}`)}
              </Menu.Item>
            ))}
            <Menu.Divider />
            <Menu.Label>{t("actions.correctIntentHint")}</Menu.Label>
            {INTENTS.map((i) => (
              <Menu.Item
                key={i}
                onClick={() => correctIntent(i)}
                rightSection={post.intent === i ? "✓" : null}
              >
                {t(`intent.${i}`)}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        {post.status !== "hidden" && (
          <Button variant="subtle" color="gray" onClick={() => setStatus("hidden")}>
            {t("actions.hide")}
          </Button>
        )}
      </Group>
      {converting && (
        <ConvertDialog post={post} opened={converting} onClose={convertDialog.close} />
      )}
    </Stack>
  );
}
