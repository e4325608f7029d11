// The browser session. The access token lives in this object only (never in storage); the
// refresh token is an HttpOnly cookie the API sets when a request carries
// `X-Refresh-Cookie: 1`, so script can never read anything long-lived. See client/README.md.
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./schema.gen";

export type SessionStatus = "restoring" | "anonymous" | "authenticated";
export type Broadcast = { type: "login" } | { type: "logout" };

/** Opts a request into the cookie flow; a cross-site form cannot send it (CSRF defence). */
export const REFRESH_COOKIE_HEADER = "X-Refresh-Cookie";
const AUTH_PATH = "/auth/";
const REFRESH_PATH = "/auth/refresh" satisfies keyof paths;
/** Sent with the cookie alone: the access token may have expired, and then the API would
 * refuse it (401) instead of reading the cookie, which a request without one makes it do. */
const COOKIE_ALONE_PATHS: ReadonlySet<string> = new Set([
  REFRESH_PATH,
  "/auth/logout" satisfies keyof paths,
]);
/** Two tabs refreshing with one cookie at once would look like token theft to the API (a
 * spent refresh token ends the whole session), so refreshes take a lock shared by all tabs. */
const REFRESH_LOCK = "users-client-refresh";
/** "This browser has a session": a hint, not a secret (the cookie itself is HttpOnly). */
const HINT_KEY = "session-hint";

/** What the session needs of a BroadcastChannel. */
export interface TabChannel {
  postMessage(message: Broadcast): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
}

export interface SessionOptions {
  baseUrl: string;
  fetch?: (request: Request) => Promise<Response>;
  channel?: TabChannel | null;
  locks?: Pick<LockManager, "request"> | null;
  hint?: Pick<Storage, "getItem" | "setItem" | "removeItem"> | null;
}

export class Session {
  #status: SessionStatus = "restoring";
  #token: string | null = null;
  #refreshing: Promise<boolean> | null = null;
  readonly #listeners = new Set<() => void>();
  /** Refresh and logout go through here: typed, but without the retry below. */
  readonly #auth: Client<paths>;
  readonly #fetch: (request: Request) => Promise<Response>;
  readonly #channel: SessionOptions["channel"];
  readonly #locks: SessionOptions["locks"];
  readonly #hint: SessionOptions["hint"];

  constructor({ baseUrl, fetch, channel = null, locks = null, hint = null }: SessionOptions) {
    this.#fetch = fetch ?? ((request) => globalThis.fetch(request));
    this.#auth = createClient<paths>({ baseUrl, fetch: (request) => this.#send(request) });
    this.#channel = channel;
    this.#locks = locks;
    this.#hint = hint;
    channel?.addEventListener("message", (event) => this.#onBroadcast(event.data as Broadcast));
  }

  get status(): SessionStatus {
    return this.#status;
  }

  /** For `useSyncExternalStore`. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getStatus = (): SessionStatus => this.#status;

  /** At start-up, and before a screen that needs a session: asks the API only when this
   * browser logged in and has not logged out since, so an anonymous visit costs no request
   * (and logs no 401). Resolves whether there is a session. */
  restore(): Promise<boolean> {
    if (this.#status !== "restoring") return Promise.resolve(this.#status === "authenticated");
    if (this.#hint && this.#hint.getItem(HINT_KEY) === null) {
      this.#set(null);
      return Promise.resolve(false);
    }
    return this.refresh();
  }

  /** After login or registration: keep the access token, tell the other tabs. */
  signIn(accessToken: string): void {
    this.#set(accessToken);
    this.#channel?.postMessage({ type: "login" } satisfies Broadcast);
  }

  /** Ends the session on the server (which also clears the cookie), then in every tab. */
  async logOut(): Promise<void> {
    try {
      await this.#auth.POST("/auth/logout");
    } finally {
      this.end();
    }
  }

  /** A session the API has already ended (the account was deleted): forgotten here and in
   * every other tab, without asking the API again. */
  end(): void {
    this.#set(null);
    this.#channel?.postMessage({ type: "logout" } satisfies Broadcast);
  }

  /** New tokens for the same session (after a password change, which ends every other
   * session of the user): the refresh cookie was replaced by the same answer. Other tabs
   * keep going: their next refused token refreshes with the new cookie. */
  renew(accessToken: string): void {
    this.#set(accessToken);
  }

  /** A new access token from the refresh cookie; one request at a time in this tab and
   * across tabs. Resolves false (and the session is over) when the cookie is refused. */
  refresh(): Promise<boolean> {
    this.#refreshing ??= this.#withLock(() => this.#refreshOnce()).finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  /** The typed client's fetch: adds the access token, and when the API refuses the token
   * (401 with `WWW-Authenticate: Bearer`, not a wrong password) refreshes once and retries
   * once. A request sent without a token (logged out) is not retried. */
  fetch = async (request: Request): Promise<Response> => {
    const tokenSent = this.#token;
    const retry = tokenSent === null ? null : request.clone();
    const response = await this.#send(request);
    if (retry === null || !isTokenRefusal(response) || isRefresh(request)) return response;
    // Another request may have refreshed already while this one was in flight.
    const renewed = this.#token !== null && this.#token !== tokenSent;
    if (!renewed && !(await this.refresh())) return response;
    return this.#send(retry);
  };

  async #refreshOnce(): Promise<boolean> {
    const { data, response } = await this.#auth
      .POST("/auth/refresh")
      .catch(() => ({ data: undefined, response: undefined }));
    if (data !== undefined) {
      this.#set(data.auth_token);
      return true;
    }
    // Only a refused cookie ends the session. The API unreachable or busy (a 503, a 429):
    // this tab goes on without it, and the hint stays, so the next start asks again.
    this.#set(null, { forget: response?.status === 401 });
    return false;
  }

  /** Every request: the access token (except where the cookie alone is sent), and the cookie
   * opt-in on the auth paths, the only ones the cookie is scoped to. */
  #send(request: Request): Promise<Response> {
    const headers = new Headers(request.headers);
    if (this.#token !== null && !COOKIE_ALONE_PATHS.has(new URL(request.url).pathname)) {
      headers.set("Authorization", `Bearer ${this.#token}`);
    }
    if (new URL(request.url).pathname.startsWith(AUTH_PATH)) {
      headers.set(REFRESH_COOKIE_HEADER, "1");
    }
    return this.#fetch(new Request(request, { headers, credentials: "same-origin" }));
  }

  #withLock<T>(task: () => Promise<T>): Promise<T> {
    return this.#locks ? (this.#locks.request(REFRESH_LOCK, task) as Promise<T>) : task();
  }

  #onBroadcast(message: Broadcast): void {
    if (message.type === "logout") this.#set(null);
    else if (message.type === "login" && this.#status !== "authenticated") void this.refresh();
  }

  /** `forget: false` keeps the hint: the session may still be alive on the server. */
  #set(token: string | null, { forget = true }: { forget?: boolean } = {}): void {
    if (token !== null) this.#hint?.setItem(HINT_KEY, "1");
    else if (forget) this.#hint?.removeItem(HINT_KEY);
    const status: SessionStatus = token === null ? "anonymous" : "authenticated";
    const changed = status !== this.#status;
    this.#token = token;
    this.#status = status;
    if (changed) for (const listener of this.#listeners) listener();
  }
}

function isRefresh(request: Request): boolean {
  return new URL(request.url).pathname === REFRESH_PATH;
}

function isTokenRefusal(response: Response): boolean {
  return response.status === 401 && response.headers.has("WWW-Authenticate");
}
