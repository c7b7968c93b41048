import { Alert, Badge, Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconCheck, IconLayoutKanban, IconTrash } from "@tabler/icons-react";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Pipeline, PipelineUpdate } from "../../../../api/types";
import { useErrorMessage, useNotify } from "../../../../ui/errors";
import { useDeletePipeline, useUpdatePipeline } from "../../hooks/usePipelineSettings";
import { useVersionedUpdate } from "../../hooks/useVersionedSave";
import { PipelineConflict, pipelineFieldErrors } from "./PipelineConflict";

function DeletePipeline({ pipeline }: { pipeline: Pipeline }) {
  const { t } = useTranslation("settings");
  const remove = useDeletePipeline();
  const notify = useNotify();
  const errorText = useErrorMessage();
  const [opened, modal] = useDisclosure(false);
  const close = () => {
    remove.reset();
    modal.close();
  };

  return (
    <>
      <Button
        variant="subtle"
        color="red.9"
        leftSection={<IconTrash size={16} aria-hidden />}
        onClick={modal.open}
        disabled={pipeline.is_default}
      >
        {t("pipelines.delete")}
      </Button>
      <Modal
        closeButtonProps={{ "aria-label": t("close") }}
        opened={opened}
        onClose={close}
        title={t("pipelines.deleteTitle", { name: pipeline.name })}
      >
        <Stack>
          <Text>{t("pipelines.deleteBody", { name: pipeline.name })}</Text>
          {remove.isError && (
            <Alert color="red" c="dark" role="alert">
              {errorText(remove.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              {t("common:cancel")}
            </Button>
            <Button
              color="red.9"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(pipeline, {
                  onSuccess: () => {
                    notify.success(t("pipelines.deleted", { name: pipeline.name }));
                    modal.close();
                  },
                })
              }
            >
              {t("common:delete")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** Rename a pipeline, make it the default, open it on the board, delete it. */
export function PipelineDetails({ pipeline }: { pipeline: Pipeline }) {
  const { t } = useTranslation("settings");
  const update = useUpdatePipeline();
  const notify = useNotify();
  const [name, setName] = useState(pipeline.name);
  useEffect(() => setName(pipeline.name), [pipeline.name]);

  const saver = useVersionedUpdate<Pipeline, PipelineUpdate>(pipeline, update, {
    onSaved: (saved) => {
      setName(saved.name);
      notify.success(t("saved"));
    },
    onDiscard: (current) => setName(current.name),
    fieldErrors: pipelineFieldErrors,
  });

  const rename = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      saver.setErrors({ name: t("pipelines.nameRequired") });
      return;
    }
    if (trimmed !== pipeline.name) void saver.saveChanges({ name: trimmed });
  };

  return (
    <Stack gap="sm">
      <form onSubmit={rename} noValidate>
        <Group align="flex-end" gap="sm">
          <TextInput
            label={t("pipelines.name")}
            value={name}
            maxLength={120}
            required
            error={saver.errors.name}
            onChange={(e) => setName(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 200 }}
          />
          <Button
            type="submit"
            variant="default"
            loading={saver.busy && name.trim() !== pipeline.name}
            disabled={name.trim() === pipeline.name}
          >
            {t("pipelines.rename")}
          </Button>
        </Group>
      </form>
      <Group justify="space-between" gap="xs">
        {pipeline.is_default ? (
          <Group gap="xs">
            <Badge variant="light" leftSection={<IconCheck size={14} aria-hidden />}>
              {t("pipelines.default")}
            </Badge>
            <Text size="sm" c="dimmed">
              {t("pipelines.defaultHint")}
            </Text>
          </Group>
        ) : (
          <Button
            variant="default"
            loading={saver.busy && name.trim() === pipeline.name}
            onClick={() => void saver.saveChanges({ is_default: true })}
          >
            {t("pipelines.makeDefault")}
          </Button>
        )}
        <Group gap="xs">
          <Button
            variant="subtle"
            component={Link}
            to={`/pipeline?pipeline=${pipeline.id}`}
            leftSection={<IconLayoutKanban size={16} aria-hidden />}
          >
            {t("pipelines.openBoard")}
          </Button>
          <DeletePipeline pipeline={pipeline} />
        </Group>
      </Group>
      {saver.errors.is_default && (
        <Text size="sm" c="red.9" role="alert">
          {saver.errors.is_default}
        </Text>
      )}
      {pipeline.is_default && (
        <Text size="xs" c="dimmed">
          {t("pipelines.defaultNoDelete")}
        </Text>
      )}
      <PipelineConflict
        conflict={saver.conflict}
        onReapply={() => void saver.reapply()}
        onDiscard={saver.discard}
        busy={saver.busy}
      />
    </Stack>
  );
}
