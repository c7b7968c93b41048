import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconGitMerge } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Person } from "../../../api/types";
import { useErrorMessage, useNotify } from "../../../ui/errors";
import { PersonPicker } from "../../people/components/PersonPicker";
import { usePerson } from "../../people/hooks/usePeople";
import { useMergePeople } from "../hooks/useMerges";
import { PeopleSideBySide, useCompareRows } from "./PeopleSideBySide";

function Comparison(props: { survivor: Person; other: Person }) {
  const { t } = useTranslation("merges");
  const rows = useCompareRows(props.survivor, props.other);
  return (
    <PeopleSideBySide
      a={props.survivor}
      b={props.other}
      rows={rows}
      titleA={
        <Stack gap={0}>
          <Text size="xs" c="green.9" fw={700}>
            {t("dialog.stays")}
          </Text>
          <Title order={3} size="h5">
            {props.survivor.display_name}
          </Title>
        </Stack>
      }
      titleB={
        <Stack gap={0}>
          <Text size="xs" c="dimmed" fw={700}>
            {t("dialog.mergedIn")}
          </Text>
          <Title order={3} size="h5">
            {props.other.display_name}
          </Title>
        </Stack>
      }
    />
  );
}

/** "Merge with…": pick the duplicate, see both side by side, confirm. This person survives. */
export function MergeAction(props: { person: Person }) {
  const { t } = useTranslation("merges");
  const [opened, setOpened] = useState(false);
  const [otherId, setOtherId] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const other = usePerson(otherId);
  const merge = useMergePeople(props.person.id);
  const notify = useNotify();
  const errorText = useErrorMessage();
  const close = () => {
    setOpened(false);
    setOtherId(null);
    setReason("");
    merge.reset();
  };
  const self = otherId === props.person.id;
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });

  return (
    <>
      {phone ? (
        <ActionIcon
          variant="subtle"
          size={44}
          onClick={() => setOpened(true)}
          aria-label={t("action")}
        >
          <IconGitMerge size={20} aria-hidden />
        </ActionIcon>
      ) : (
        <Button
          variant="default"
          leftSection={<IconGitMerge size={18} aria-hidden />}
          onClick={() => setOpened(true)}
        >
          {t("action")}
        </Button>
      )}
      <Modal opened={opened} onClose={close} title={t("dialog.title")} size="lg" fullScreen={phone}>
        <Stack gap="md">
          <PersonPicker
            label={t("dialog.pick")}
            value={otherId}
            onChange={(id) => setOtherId(id)}
            autoFocus
          />
          {self && (
            <Alert color="orange" role="alert">
              {t("dialog.self")}
            </Alert>
          )}
          {other.data && !self && (
            <>
              <Comparison survivor={props.person} other={other.data} />
              <Text size="sm">
                {t("dialog.moves", {
                  merged: other.data.display_name,
                  survivor: props.person.display_name,
                })}
              </Text>
              <TextInput
                label={t("dialog.reason")}
                value={reason}
                maxLength={500}
                onChange={(e) => setReason(e.currentTarget.value)}
              />
            </>
          )}
          {merge.isError && (
            <Alert color="red" role="alert">
              {errorText(merge.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common:cancel")}
            </Button>
            <Button
              color="red"
              disabled={!other.data || self}
              loading={merge.isPending}
              onClick={() =>
                other.data &&
                merge.mutate(
                  { merged_id: other.data.id, reason: reason.trim() || null },
                  {
                    onSuccess: (done) => {
                      notify.success(
                        t("merged", { merged: done.merged_name, survivor: done.survivor_name }),
                      );
                      close();
                    },
                  },
                )
              }
            >
              {t("dialog.confirm")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
