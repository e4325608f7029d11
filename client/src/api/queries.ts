// Server state, through TanStack Query: one place for every query key and fetcher.
import { infiniteQueryOptions, queryOptions, useQuery } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { api, session, unwrap } from "./client";
import type { SessionStatus } from "./session";

/** One page size for the list and the admin table: 120 users are three pages. */
export const PAGE_SIZE = 50;

export const queryKeys = {
  me: ["me"] as const,
  users: ["users"] as const,
  user: (id: number) => ["users", id] as const,
};

export function useSessionStatus(): SessionStatus {
  return useSyncExternalStore(session.subscribe, session.getStatus);
}

export const meQuery = queryOptions({
  queryKey: queryKeys.me,
  queryFn: async () => unwrap(await api.GET("/auth/status")).data,
});

/** The logged-in account (with `admin`), or undefined while logged out or loading. */
export function useMe() {
  const authenticated = useSessionStatus() === "authenticated";
  return useQuery({ ...meQuery, enabled: authenticated });
}

export const userPagesQuery = infiniteQueryOptions({
  queryKey: queryKeys.users,
  queryFn: async ({ pageParam }) =>
    unwrap(await api.GET("/users", { params: { query: { limit: PAGE_SIZE, cursor: pageParam } } }))
      .data,
  initialPageParam: null as string | null,
  getNextPageParam: (page) => page.next_cursor,
});

export const userQuery = (id: number) =>
  queryOptions({
    queryKey: queryKeys.user(id),
    queryFn: async () =>
      unwrap(await api.GET("/users/{user_id}", { params: { path: { user_id: id } } })).data,
  });
