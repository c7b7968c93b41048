import { Stack, Text } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import { Fragment, type ReactNode, useState } from "react";
import { SettingsList } from "../SettingsList";

/**
 * A settings tab of records that each hold a secret shown only once (sources' write keys,
 * webhooks' signing secrets): an intro, the form that creates one, the list, and the dialog
 * that hands over what the form or a row's "Rotate" issued.
 */
export function SecretIssuingTab<T extends { id: string }, I>(props: {
  intro: string;
  query: UseQueryResult<T[]>;
  /** The list's accessible name. */
  listLabel: string;
  empty: string;
  form: (onIssued: (issued: I) => void) => ReactNode;
  row: (item: T, onIssued: (issued: I) => void) => ReactNode;
  dialog: (issued: I | null, onClose: () => void) => ReactNode;
}) {
  const [issued, setIssued] = useState<I | null>(null);
  return (
    <Stack>
      <Text c="dimmed" size="sm" maw={720}>
        {props.intro}
      </Text>
      {props.form(setIssued)}
      <SettingsList query={props.query} label={props.listLabel} empty={props.empty}>
        {(item) => <Fragment key={item.id}>{props.row(item, setIssued)}</Fragment>}
      </SettingsList>
      {props.dialog(issued, () => setIssued(null))}
    </Stack>
  );
}
