import { describe, expect, it, vi } from "vitest";
import { REFRESH_COOKIE_HEADER, Session } from "./session";

const BASE = "http://127.0.0.1:5300";
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
const tokenRefused = () =>
  json(
    401,
    { status: "fail", message: "Provide a valid auth token." },
    { "WWW-Authenticate": "Bearer" },
  );
const tokens = (token: string) => json(200, { status: "success", auth_token: token });

/** A fake server: each handler answers one request, in order; every request is recorded. */
function fakeFetch(...handlers: Array<(request: Request) => Response>) {
  const requests: Request[] = [];
  const fetch = vi.fn(async (request: Request) => {
    requests.push(request);
    const handler = handlers.shift();
    if (!handler) throw new Error(`unexpected ${request.method} ${request.url}`);
    return handler(request);
  });
  return { fetch, requests };
}

function fakeChannel() {
  const listeners: Array<(event: MessageEvent) => void> = [];
  return {
    posted: [] as unknown[],
    postMessage(message: unknown) {
      this.posted.push(message);
    },
    addEventListener(_: string, listener: (event: MessageEvent) => void) {
      listeners.push(listener);
    },
    deliver: (data: unknown) => {
      for (const listener of listeners) listener(new MessageEvent("message", { data }));
    },
  };
}

const get = (session: Session, path: string) => session.fetch(new Request(`${BASE}${path}`));
const path = (request: Request | undefined) => (request ? new URL(request.url).pathname : "");

describe("Session", () => {
  it("restores from the cookie alone: no Authorization, the opt-in header, same-origin credentials", async () => {
    const { fetch, requests } = fakeFetch(() => tokens("access-1"));
    const session = new Session({ baseUrl: BASE, fetch });
    expect(session.status).toBe("restoring");
    expect(await session.refresh()).toBe(true);
    expect(session.status).toBe("authenticated");
    const [refresh] = requests;
    expect(refresh?.method).toBe("POST");
    expect(path(refresh)).toBe("/auth/refresh");
    expect(refresh?.headers.get(REFRESH_COOKIE_HEADER)).toBe("1");
    expect(refresh?.headers.has("Authorization")).toBe(false);
    expect(refresh?.credentials).toBe("same-origin");
  });

  it("ends up anonymous when the cookie is refused or the network fails", async () => {
    const refused = new Session({ baseUrl: BASE, fetch: fakeFetch(tokenRefused).fetch });
    expect(await refused.refresh()).toBe(false);
    expect(refused.status).toBe("anonymous");
    const offline = new Session({
      baseUrl: BASE,
      fetch: async () => {
        throw new TypeError("Failed to fetch");
      },
    });
    expect(await offline.refresh()).toBe(false);
    expect(offline.status).toBe("anonymous");
  });

  it("forgets the session only when the cookie is refused, not when the API is out of reach", async () => {
    const unavailable = () =>
      json(503, { status: "fail", message: "Service temporarily unavailable." });
    const offline = (): Response => {
      throw new TypeError("Failed to fetch");
    };
    for (const [answer, kept] of [
      [unavailable, true],
      [offline, true],
      [tokenRefused, false],
    ] as const) {
      const hint = new MemoryStorage();
      new Session({ baseUrl: BASE, fetch: fakeFetch(() => tokens("access-0")).fetch, hint }).signIn(
        "access-0",
      );
      const reopened = new Session({ baseUrl: BASE, fetch: fakeFetch(answer).fetch, hint });
      expect(await reopened.restore()).toBe(false);
      expect(reopened.status).toBe("anonymous");
      expect(hint.getItem("session-hint") !== null).toBe(kept); // the next start asks again
    }
  });

  it("sends the access token on API calls, and the cookie opt-in only on /auth paths", async () => {
    const { fetch, requests } = fakeFetch(
      () => json(200, {}),
      () => json(200, {}),
    );
    const session = new Session({ baseUrl: BASE, fetch });
    session.signIn("access-1");
    await get(session, "/users");
    await get(session, "/auth/status");
    expect(requests[0]?.headers.get("Authorization")).toBe("Bearer access-1");
    expect(requests[0]?.headers.has(REFRESH_COOKIE_HEADER)).toBe(false);
    expect(requests[1]?.headers.get(REFRESH_COOKIE_HEADER)).toBe("1");
  });

  it("on a refused token refreshes once and retries once with the new token", async () => {
    const { fetch, requests } = fakeFetch(
      tokenRefused,
      () => tokens("access-2"),
      () => json(200, { status: "success" }),
    );
    const session = new Session({ baseUrl: BASE, fetch });
    session.signIn("access-1");
    const response = await session.fetch(
      new Request(`${BASE}/users/3`, { method: "PATCH", body: '{"active":false}' }),
    );
    expect(response.status).toBe(200);
    expect(requests.map(path)).toEqual(["/users/3", "/auth/refresh", "/users/3"]);
    expect(requests[2]?.headers.get("Authorization")).toBe("Bearer access-2");
    expect(await requests[2]?.text()).toBe('{"active":false}'); // the body is sent again
  });

  it("gives up after one retry, and a failed refresh ends the session", async () => {
    const { fetch, requests } = fakeFetch(tokenRefused, tokenRefused);
    const session = new Session({ baseUrl: BASE, fetch });
    session.signIn("access-1");
    const response = await get(session, "/auth/status");
    expect(response.status).toBe(401);
    expect(requests.map(path)).toEqual(["/auth/status", "/auth/refresh"]);
    expect(session.status).toBe("anonymous");
  });

  it("does not refresh on a 401 that is not about the token (a wrong password)", async () => {
    const { fetch, requests } = fakeFetch(() =>
      json(401, { status: "fail", message: "Invalid email or password." }),
    );
    const session = new Session({ baseUrl: BASE, fetch });
    session.signIn("access-1");
    expect((await get(session, "/auth/password")).status).toBe(401);
    expect(requests).toHaveLength(1);
    expect(session.status).toBe("authenticated");
  });

  it("does not retry a request sent while logged out", async () => {
    const { fetch, requests } = fakeFetch(tokenRefused);
    const session = new Session({ baseUrl: BASE, fetch });
    expect((await get(session, "/auth/status")).status).toBe(401);
    expect(requests).toHaveLength(1);
  });

  it("refreshes once for many requests refused at the same time", async () => {
    let refreshes = 0;
    const fetch = vi.fn(async (request: Request) => {
      if (path(request) === "/auth/refresh") {
        refreshes += 1;
        return tokens("access-2");
      }
      return request.headers.get("Authorization") === "Bearer access-2"
        ? json(200, {})
        : tokenRefused();
    });
    const session = new Session({ baseUrl: BASE, fetch });
    session.signIn("access-1");
    const statuses = await Promise.all([1, 2, 3].map((id) => get(session, `/users/${id}`)));
    expect(statuses.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(refreshes).toBe(1);
  });

  it("holds a lock shared by all tabs while refreshing", async () => {
    const taken: string[] = [];
    const locks = {
      request: vi.fn(async (name: string, task: () => Promise<unknown>) => {
        taken.push(name);
        return task();
      }),
    } as unknown as Pick<LockManager, "request">;
    const session = new Session({
      baseUrl: BASE,
      fetch: fakeFetch(() => tokens("a")).fetch,
      locks,
    });
    await session.refresh();
    expect(taken).toEqual(["users-client-refresh"]);
  });

  it("logs out on the server, forgets the token and tells the other tabs", async () => {
    const { fetch, requests } = fakeFetch(() =>
      json(200, { status: "success", message: "Successfully logged out." }),
    );
    const channel = fakeChannel();
    const session = new Session({ baseUrl: BASE, fetch, channel });
    session.signIn("access-1");
    await session.logOut();
    expect(path(requests[0])).toBe("/auth/logout");
    // The cookie names the session: an expired access token would have the API refuse it.
    expect(requests[0]?.headers.has("Authorization")).toBe(false);
    expect(requests[0]?.headers.get(REFRESH_COOKIE_HEADER)).toBe("1");
    expect(session.status).toBe("anonymous");
    expect(channel.posted).toEqual([{ type: "login" }, { type: "logout" }]);
  });

  it("ends a session the API already ended (a deleted account) here and in every tab, asking nothing", async () => {
    const { fetch, requests } = fakeFetch();
    const channel = fakeChannel();
    const hint = new MemoryStorage();
    const session = new Session({ baseUrl: BASE, fetch, channel, hint });
    session.signIn("access-1");
    session.end();
    expect(session.status).toBe("anonymous");
    expect(requests).toHaveLength(0);
    expect(channel.posted).toEqual([{ type: "login" }, { type: "logout" }]);
    expect(hint.getItem("session-hint")).toBeNull();
  });

  it("renews the access token after a password change: same session, no broadcast", async () => {
    const { fetch, requests } = fakeFetch(() => json(200, {}));
    const channel = fakeChannel();
    const session = new Session({ baseUrl: BASE, fetch, channel });
    session.signIn("access-1");
    const listener = vi.fn();
    session.subscribe(listener);
    session.renew("access-2");
    await get(session, "/auth/status");
    expect(requests[0]?.headers.get("Authorization")).toBe("Bearer access-2");
    expect(listener).not.toHaveBeenCalled();
    expect(channel.posted).toEqual([{ type: "login" }]);
  });

  it("is logged out here when another tab logs out, and notifies subscribers", async () => {
    const channel = fakeChannel();
    const session = new Session({ baseUrl: BASE, fetch: fakeFetch().fetch, channel });
    session.signIn("access-1");
    const listener = vi.fn();
    session.subscribe(listener);
    channel.deliver({ type: "logout" });
    expect(session.status).toBe("anonymous");
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("restores from the cookie when another tab logs in", async () => {
    const channel = fakeChannel();
    const session = new Session({
      baseUrl: BASE,
      fetch: fakeFetch(() => tokens("t")).fetch,
      channel,
    });
    channel.deliver({ type: "login" });
    await vi.waitFor(() => expect(session.status).toBe("authenticated"));
  });

  it("asks nothing at start-up when this browser has no session (no hint)", async () => {
    const { fetch, requests } = fakeFetch();
    const session = new Session({ baseUrl: BASE, fetch, hint: new MemoryStorage() });
    expect(await session.restore()).toBe(false);
    expect(session.status).toBe("anonymous");
    expect(requests).toHaveLength(0);
  });

  it("restores from the cookie when the hint says a session exists, and keeps the hint current", async () => {
    const hint = new MemoryStorage();
    const { fetch } = fakeFetch(
      () => tokens("access-1"),
      () => json(200, {}),
    );
    const session = new Session({ baseUrl: BASE, fetch, hint });
    session.signIn("access-0");
    const reopened = new Session({ baseUrl: BASE, fetch, hint });
    expect(await reopened.restore()).toBe(true);
    await reopened.logOut();
    expect(hint.getItem("session-hint")).toBeNull();
  });
});

/** localStorage's three methods, in memory. */
class MemoryStorage {
  #items = new Map<string, string>();
  getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.#items.set(key, value);
  }
  removeItem(key: string) {
    this.#items.delete(key);
  }
}
