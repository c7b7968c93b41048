import { Alert, Button, Group, Stack, Switch, TextInput, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Pipeline } from "../../../../api/types";
import { describeError, useNotify } from "../../../../ui/errors";
import { useCreatePipeline } from "../../hooks/usePipelineSettings";
import { pipelineFieldErrors } from "./PipelineConflict";
import { checkMessages, stageFailure } from "./PipelineStages";
import { StagesEditor } from "./StagesEditor";
import { blankStage, type DraftStage, type StageErrors, toPayload } from "./stagesDraft";

/** A new pipeline: its name, whether new deals start in it, and its first stages. */
export function NewPipelineForm(props: {
  first: boolean;
  onCancel: () => void;
  onCreated: (pipeline: Pipeline) => void;
}) {
  const { t } = useTranslation("settings");
  const create = useCreatePipeline();
  const notify = useNotify();
  const [name, setName] = useState("");
  const [isDefault, setDefault] = useState(props.first);
  const [stages, setStages] = useState<DraftStage[]>(() => [blankStage()]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [rowErrors, setRowErrors] = useState<StageErrors>({});
  const [general, setGeneral] = useState<string[]>([]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setGeneral([]);
    const nameError = name.trim() ? undefined : t("pipelines.nameRequired");
    const checks = checkMessages(t, stages);
    setErrors(nameError ? { name: nameError } : {});
    setRowErrors(checks);
    if (nameError || Object.keys(checks).length) return;
    const sent = stages;
    create.mutate(
      {
        name: name.trim(),
        is_default: isDefault,
        stages: toPayload(sent).map(({ id: _, ...stage }) => stage),
      },
      {
        onSuccess: (pipeline) => {
          notify.success(t("pipelines.created", { name: pipeline.name }));
          props.onCreated(pipeline);
        },
        onError: (error) => {
          const fields = pipelineFieldErrors(t, error);
          const { stages: _, ...others } = fields;
          const mapped = stageFailure(t, error, sent);
          setErrors(others);
          setRowErrors(mapped?.rows ?? {});
          const rest = mapped?.general ?? [];
          if (!Object.keys(others).length && !mapped) setGeneral([describeError(t, error)]);
          else if (rest.length) setGeneral(rest);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {general.length > 0 && (
          <Alert color="red" c="dark" role="alert">
            {general.join(" ")}
          </Alert>
        )}
        <TextInput
          label={t("pipelines.name")}
          value={name}
          maxLength={120}
          required
          data-autofocus
          error={errors.name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Switch
          label={t("pipelines.makeDefaultNew")}
          description={props.first ? t("pipelines.firstIsDefault") : undefined}
          checked={isDefault || props.first}
          disabled={props.first}
          onChange={(e) => setDefault(e.currentTarget.checked)}
        />
        <Title order={3} size="h5">
          {t("pipelines.stages")}
        </Title>
        <StagesEditor
          stages={stages}
          onChange={setStages}
          errors={rowErrors}
          disabled={create.isPending}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onCancel}>
            {t("common:cancel")}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t("pipelines.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
