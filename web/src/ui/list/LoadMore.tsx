import { Button, Center, Text } from "@mantine/core";
import { useIntersection } from "@mantine/hooks";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";

/** Loads the next page as it scrolls into view; the button is there for keyboards and slow links. */
export function LoadMore(props: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  shown: number;
}) {
  const { t } = useTranslation("common");
  const { ref, entry } = useIntersection({ rootMargin: "400px" });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = props;

  useEffect(() => {
    // Measure now: the observer's last entry may predate the rows that pushed us down.
    const el = entry?.target;
    if (!el || !entry.isIntersecting || !hasNextPage || isFetchingNextPage) return;
    if (el.getBoundingClientRect().top < window.innerHeight + 400) fetchNextPage();
  }, [entry, hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <Center ref={ref} py="md">
      {hasNextPage ? (
        <Button variant="default" loading={isFetchingNextPage} onClick={fetchNextPage}>
          {t("list.loadMore")}
        </Button>
      ) : (
        props.shown > 0 && (
          <Text c="dimmed" size="sm">
            {t("list.end", { count: props.shown })}
          </Text>
        )
      )}
    </Center>
  );
}
