import {
  Badge,
  Button,
  Code,
  Group,
  Modal,
  MultiSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDisclosure } from "@mantine/hooks";
import { IconKey } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TokenCreated } from "../../../api/types";
import { useFormat } from "../../../i18n/format";
import { formErrorHandler, useNotify } from "../../../ui/errors";
import { SecretOnce } from "../../../ui/SecretOnce";
import { useCreateToken, useRevokeToken, useTokenScopes, useTokens } from "../hooks/useSettings";

export function TokensTab() {
  const { t } = useTranslation("settings");
  const fmt = useFormat();
  const tokens = useTokens();
  const scopes = useTokenScopes();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const notify = useNotify();
  const [created, setCreated] = useState<TokenCreated | null>(null);
  const [opened, modal] = useDisclosure(false);
  const form = useForm({ initialValues: { name: "", scopes: [] as string[] } });

  return (
    <Stack>
      <Paper withBorder radius="md" p="md">
        <form
          onSubmit={form.onSubmit((v) =>
            create.mutate(
              { name: v.name.trim(), scopes: v.scopes },
              {
                onSuccess: (token) => {
                  form.reset();
                  setCreated(token);
                  modal.open();
                },
                onError: formErrorHandler(t, form, notify),
              },
            ),
          )}
        >
          <Group align="flex-end">
            <TextInput
              label={t("tokens.name")}
              required
              placeholder={t("tokens.namePlaceholder")}
              style={{ flex: 1, minWidth: 200 }}
              {...form.getInputProps("name")}
            />
            <MultiSelect
              label={t("tokens.scopes")}
              data={scopes.data?.scopes ?? []}
              searchable
              style={{ flex: 2, minWidth: 240 }}
              {...form.getInputProps("scopes")}
            />
            <Button
              type="submit"
              leftSection={<IconKey size={18} aria-hidden />}
              loading={create.isPending}
            >
              {t("tokens.create")}
            </Button>
          </Group>
        </form>
      </Paper>
      <Paper withBorder radius="md" style={{ overflowX: "auto" }}>
        <Table verticalSpacing="sm" miw={640}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("tokens.name")}</Table.Th>
              <Table.Th>{t("tokens.scopes")}</Table.Th>
              <Table.Th>{t("tokens.lastUsed")}</Table.Th>
              <Table.Th>{t("tokens.state")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(tokens.data ?? []).map((tok) => (
              <Table.Tr key={tok.id}>
                <Table.Td>
                  <Text fw={600}>{tok.name}</Text>
                  <Code>{tok.prefix}…</Code>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{tok.scopes.join(", ")}</Text>
                </Table.Td>
                <Table.Td>{tok.last_used_at ? fmt.relative(tok.last_used_at) : "—"}</Table.Td>
                <Table.Td>
                  {tok.revoked_at ? (
                    <Badge color="gray" variant="light">
                      {t("tokens.revoked")}
                    </Badge>
                  ) : (
                    <Button
                      size="xs"
                      variant="default"
                      c="red.9"
                      loading={revoke.isPending && revoke.variables === tok.id}
                      onClick={() =>
                        revoke.mutate(tok.id, {
                          onError: notify.error,
                          onSuccess: () => notify.success(t("tokens.revokedToast")),
                        })
                      }
                    >
                      {t("tokens.revoke")}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Modal
        closeButtonProps={{ "aria-label": t("close") }}
        opened={opened}
        onClose={() => {
          setCreated(null);
          modal.close();
        }}
        title={t("tokens.createdTitle")}
        closeOnClickOutside={false}
      >
        {created && (
          <SecretOnce
            warning={t("tokens.onlyOnce")}
            value={created.token}
            copyLabel={t("tokens.copy")}
            copiedLabel={t("tokens.copied")}
            testId="new-token"
          />
        )}
      </Modal>
    </Stack>
  );
}
