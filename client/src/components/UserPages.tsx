import { Button, Group, Text } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { type ReactNode, useEffect } from "react";
import { userPagesQuery } from "../api/queries";
import { useTranslation } from "../i18n";
import { QueryState } from "./QueryState";
import type { User } from "./UserTable";

interface UserPagesProps {
  /** Pages to show, from the URL: a reload or a shared link shows as many again. */
  pages: number;
  onLoadMore: () => void;
  children: (users: User[]) => ReactNode;
}

/** Keyset paging with "Load more": fetches pages until as many as the URL asks are shown. */
export function UserPages({ pages, onLoadMore, children }: UserPagesProps) {
  const { t } = useTranslation();
  const query = useInfiniteQuery(userPagesQuery);
  const loaded = query.data?.pages.length ?? 0;
  const { hasNextPage, isFetching, fetchNextPage } = query;
  useEffect(() => {
    if (loaded > 0 && loaded < pages && hasNextPage && !isFetching) void fetchNextPage();
  }, [loaded, pages, hasNextPage, isFetching, fetchNextPage]);

  return (
    <QueryState query={query}>
      {(data) => {
        const users = data.pages.flatMap((page) => page.users);
        if (users.length === 0) return <Text>{t("users.empty")}</Text>;
        return (
          <>
            {children(users)}
            <Group justify="space-between" mt="md">
              <Text size="sm" role="status">
                {t("users.showing", { count: users.length })}
              </Text>
              {hasNextPage ? (
                <Button variant="default" loading={query.isFetchingNextPage} onClick={onLoadMore}>
                  {t("users.loadMore")}
                </Button>
              ) : (
                <Text size="sm">{t("users.end")}</Text>
              )}
            </Group>
          </>
        );
      }}
    </QueryState>
  );
}
