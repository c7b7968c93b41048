import {
  Accordion,
  Alert,
  Badge,
  Button,
  Divider,
  Group,
  Modal,
  Skeleton,
  Stack,
  Text,
} from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrorMessage } from "../../../../ui/errors";
import { usePipelines } from "../../../deals/hooks/useDeals";
import { NewPipelineForm } from "./NewPipelineForm";
import { PipelineDetails } from "./PipelineDetails";
import { PipelineStages } from "./PipelineStages";

/** Settings → Pipelines: every pipeline, one open at a time for editing. */
export function PipelinesTab() {
  const { t } = useTranslation("settings");
  const errorText = useErrorMessage();
  const pipelines = usePipelines();
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const [open, setOpen] = useState<string | null>(null);
  const [creating, createModal] = useDisclosure(false);
  const all = pipelines.data ?? [];

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Text c="dimmed" style={{ flex: 1, minWidth: 200 }}>
          {t("pipelines.intro")}
        </Text>
        <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={createModal.open}>
          {t("pipelines.new")}
        </Button>
      </Group>
      {pipelines.isError && <Alert color="red">{errorText(pipelines.error)}</Alert>}
      {pipelines.isPending && <Skeleton height={120} radius="md" />}
      {pipelines.isSuccess && all.length === 0 && <Text c="dimmed">{t("pipelines.empty")}</Text>}
      <Accordion variant="separated" radius="md" value={open} onChange={setOpen}>
        {all.map((pipeline) => (
          <Accordion.Item key={pipeline.id} value={pipeline.id}>
            <Accordion.Control>
              <Group gap="xs" wrap="wrap">
                <Text fw={600}>{pipeline.name}</Text>
                {pipeline.is_default && (
                  <Badge variant="light" size="sm">
                    {t("pipelines.default")}
                  </Badge>
                )}
                <Text size="sm" c="dimmed">
                  {t("pipelines.stageCount", { count: pipeline.stages.length })}
                </Text>
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              <Stack gap="md">
                <PipelineDetails pipeline={pipeline} />
                <Divider />
                <PipelineStages pipeline={pipeline} active={open === pipeline.id} />
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
      <Modal
        closeButtonProps={{ "aria-label": t("close") }}
        opened={creating}
        onClose={createModal.close}
        title={t("pipelines.new")}
        size="xl"
        fullScreen={phone}
        closeOnClickOutside={false}
      >
        <NewPipelineForm
          first={pipelines.isSuccess && all.length === 0}
          onCancel={createModal.close}
          onCreated={(pipeline) => {
            createModal.close();
            setOpen(pipeline.id);
          }}
        />
      </Modal>
    </Stack>
  );
}
