// Renders the whole app (router, queries, Mantine) at one address, against a fake API:
// component tests exercise real screens without a server. (The Playwright tests use the
// real one.)

import { notifications } from "@mantine/notifications";
import { QueryClient } from "@tanstack/react-query";
import { createMemoryHistory } from "@tanstack/react-router";
import { render } from "@testing-library/react";
import { afterEach, beforeEach, vi } from "vitest";
import { App } from "../App";
import { session } from "../api/client";
import { followSession } from "../api/followSession";
import { initLanguage } from "../i18n";
import { makeRouter } from "../router";

type Handler = (request: Request) => Response | Promise<Response>;

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });

/** Routes "METHOD /path" to handlers; anything else fails the test. Records every request. */
export function fakeApi(routes: Record<string, Handler>) {
  const requests: Request[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: Request) => {
      const request = input.clone();
      requests.push(input);
      const url = new URL(request.url);
      const handler = routes[`${request.method} ${url.pathname}`];
      if (!handler) throw new Error(`no fake for ${request.method} ${url.pathname}`);
      return handler(request);
    }),
  );
  return { requests };
}

export const user = (id: number, extra: Record<string, unknown> = {}) => ({
  id,
  username: `user${id}`,
  email: `user${id}@example.com`,
  active: true,
  created_at: "2026-11-23T22:59:09Z",
  ...extra,
});

export async function renderApp(path: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = makeRouter(queryClient, createMemoryHistory({ initialEntries: [`/app${path}`] }));
  const unsubscribe = followSession(queryClient, router);
  const view = render(<App queryClient={queryClient} router={router} env="test" />);
  return { ...view, router, queryClient, unsubscribe };
}

/** The API refusing a token: what makes the client refresh, or find it is logged out. */
export const refused = () =>
  json(
    401,
    { status: "fail", message: "Provide a valid auth token." },
    { "WWW-Authenticate": "Bearer" },
  );

/** For a test file of whole screens: each test starts in the browser's language and ends
 * logged out, with no toast left (toasts live in a module-level store). Returns `open`,
 * which renders the app at a path. */
export function screensPerTest() {
  let cleanup: (() => void) | undefined;
  beforeEach(() => {
    initLanguage();
  });
  afterEach(async () => {
    cleanup?.();
    notifications.clean();
    vi.unstubAllGlobals();
    // Back to logged out, without a request.
    vi.stubGlobal("fetch", async () => json(200, {}));
    await session.logOut();
    vi.unstubAllGlobals();
  });
  return async (path: string) => {
    const app = await renderApp(path);
    cleanup = app.unsubscribe;
    return app;
  };
}
