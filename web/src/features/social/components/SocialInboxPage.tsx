import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconArrowLeft, IconChartBar, IconFilter } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useErrorMessage } from "../../../ui/errors";
import { LoadMore } from "../../../ui/list/LoadMore";
import { useUserNames } from "../../users/hooks/useUsers";
import { useInbox } from "../hooks/useSocial";
import { activeFilterCount, type InboxState, inboxSearch, inboxStateFrom } from "../inboxParams";
import { InboxFilters } from "./InboxFilters";
import { PostPanel } from "./PostPanel";
import { PostRow } from "./PostRow";
import classes from "./Social.module.css";

/**
 * Every social conversation in one list, most urgent first, with the selected post beside it
 * (on a phone, in its place).
 */
export function SocialInboxPage() {
  const { t } = useTranslation("social");
  const [search, setSearch] = useSearchParams();
  const state = inboxStateFrom(search);
  const list = useInbox(state);
  const userName = useUserNames();
  const errorText = useErrorMessage();
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const [filtersOpen, filters] = useDisclosure(false);
  const update = (next: InboxState) => setSearch(inboxSearch(next), { replace: true });
  const open = (post: string | null) => setSearch(inboxSearch({ ...state, post }));
  const count = activeFilterCount(state);

  if (phone && state.post) {
    return (
      <Stack gap="sm">
        <Button
          variant="subtle"
          leftSection={<IconArrowLeft size={16} aria-hidden />}
          onClick={() => open(null)}
          style={{ alignSelf: "flex-start" }}
        >
          {t("back")}
        </Button>
        <PostPanel id={state.post} />
      </Stack>
    );
  }

  const listView = (
    <Paper
      withBorder
      radius="md"
      className={classes.list}
      component="section"
      aria-label={t("list")}
    >
      {list.isError ? (
        <Alert color="red" role="alert" m="sm">
          {errorText(list.error)}
        </Alert>
      ) : list.isPending ? (
        <Stack p="sm">
          <Skeleton height={72} />
          <Skeleton height={72} />
          <Skeleton height={72} />
        </Stack>
      ) : list.items.length === 0 ? (
        <Text c="dimmed" p="md">
          {count ? t("emptyFiltered") : t("empty")}
        </Text>
      ) : (
        <div data-testid="social-list">
          {list.items.map((post) => (
            <PostRow
              key={post.id}
              post={post}
              selected={post.id === state.post}
              assigneeName={userName(post.assignee_id)}
              onOpen={() => open(post.id)}
            />
          ))}
          <LoadMore
            hasNextPage={list.hasNextPage}
            isFetchingNextPage={list.isFetchingNextPage}
            fetchNextPage={() => void list.fetchNextPage()}
            shown={list.items.length}
          />
        </div>
      )}
    </Paper>
  );

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="nowrap">
        <Title order={1} size="h2">
          {t("title")}
        </Title>
        <Group gap="xs" wrap="nowrap">
          {phone && (
            <Button
              variant="default"
              onClick={filters.toggle}
              leftSection={<IconFilter size={18} aria-hidden />}
              aria-expanded={filtersOpen}
              rightSection={count ? <Badge size="sm">{count}</Badge> : null}
            >
              {t("filter.title")}
            </Button>
          )}
          <Button
            variant="default"
            component={Link}
            to="/social/analytics"
            leftSection={<IconChartBar size={18} aria-hidden />}
            aria-label={phone ? t("analytics.title") : undefined}
            px={phone ? "sm" : undefined}
          >
            {phone ? null : t("analytics.title")}
          </Button>
        </Group>
      </Group>
      <InboxFilters state={state} onChange={update} phone={phone} open={filtersOpen} />
      {phone ? (
        listView
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 5, xl: 4 }}>{listView}</Grid.Col>
          <Grid.Col span={{ base: 12, md: 7, xl: 8 }}>
            {state.post ? (
              <PostPanel id={state.post} />
            ) : (
              <Paper withBorder radius="md" p="xl">
                <Text c="dimmed" ta="center">
                  {t("pick")}
                </Text>
              </Paper>
            )}
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}
