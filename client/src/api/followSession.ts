import type { QueryClient } from "@tanstack/react-query";
import type { makeRouter } from "../router";
import { session } from "./client";
import { queryKeys } from "./queries";

/** When the session starts or ends (here, in another tab, or by a refused refresh): forget
 * whose account was shown, and re-check the current screen's access, which sends it to
 * login when it needs a session. Public data (the users) stays: it is the same for all, and
 * dropping a query in flight would leave its screen loading for good. */
export function followSession(
  queryClient: QueryClient,
  router: ReturnType<typeof makeRouter>,
): () => void {
  return session.subscribe(() => {
    queryClient.removeQueries({ queryKey: queryKeys.me });
    void router.invalidate();
  });
}
