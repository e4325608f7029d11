"""CORS in Chromium: a page served from another loopback port (another origin) uses the API
with `fetch` when its origin is listed (preflights included), and is stopped by the browser
when it is not, before anything reaches the API."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.live.browser.conftest import TIMEOUT_MS
from tests.live.test_auth import call

PASSWORD = "violet-kettle-29-harbour"
PAGE = b"<!doctype html><html lang=en><title>Another origin</title><h1>A client</h1></html>"

# Runs in the page: register three users, log in, read the status, list them two by two
# following the `Link` header, and send an invalid registration: every answer as the page saw it.
JOURNEY = """
async (api) => {
  const post = (path, body, headers = {}) => fetch(`${api}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const registered = [];
  for (const name of ["ada", "bob", "cy"]) {
    const answer = await post("/auth/register",
      { username: name, email: `${name}@example.com`, password: PASSWORD });
    registered.push(answer.status);
  }
  const login = await post("/auth/login", { email: "ada@example.com", password: PASSWORD },
    { "X-Request-ID": "from-the-page" });
  const { auth_token } = await login.json();
  const status = await fetch(`${api}/auth/status`,
    { headers: { Authorization: `Bearer ${auth_token}` } });
  const first = await fetch(`${api}/users?limit=2`);
  const link = first.headers.get("Link");
  const second = await fetch(link.match(/<([^>]+)>/)[1]);
  const names = async (answer) => (await answer.json()).data.users.map((u) => u.username);
  const invalid = await post("/auth/register", { email: "no-password@example.com" });
  return {
    registered,
    login: login.status,
    loginRequestId: login.headers.get("X-Request-ID"),
    me: (await status.json()).data.username,
    link,
    pages: [await names(first), await names(second)],
    invalid: [invalid.status, await invalid.json()],
  };
}
""".replace("PASSWORD", repr(PASSWORD))


class OnePage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet


@contextmanager
def another_site() -> Iterator[str]:
    """A static page on a free loopback port: an origin of its own."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), OnePage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def sites() -> Iterator[tuple[str, str]]:
    with another_site() as listed, another_site() as unlisted:
        yield listed, unlisted


def open_page(browser: Browser, url: str) -> Iterator[Page]:
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(url)
    yield page
    context.close()


@pytest.fixture
def listed_page(browser: Browser, sites: tuple[str, str]) -> Iterator[Page]:
    yield from open_page(browser, sites[0])


@pytest.fixture
def unlisted_page(browser: Browser, sites: tuple[str, str]) -> Iterator[Page]:
    yield from open_page(browser, sites[1])


@pytest.fixture
def api(serve: Callable[..., str], sites: tuple[str, str]) -> str:
    return serve(CORS_ORIGINS=sites[0])


def test_a_page_on_a_listed_origin_registers_logs_in_and_pages_through_users(
    listed_page: Page, api: str
) -> None:
    seen = listed_page.evaluate(JOURNEY, api)
    assert seen["registered"] == [201, 201, 201]
    assert seen["login"] == 200
    assert seen["loginRequestId"] == "from-the-page"  # an allowed and exposed header
    assert seen["me"] == "ada"
    assert seen["link"].endswith('>; rel="next"')  # readable: exposed to the page
    assert seen["pages"] == [["ada", "bob"], ["cy"]]
    assert seen["invalid"] == [400, {"status": "fail", "message": "Invalid payload."}]


def test_a_page_on_an_unlisted_origin_is_stopped_by_the_browser(
    unlisted_page: Page, api: str
) -> None:
    outcome = unlisted_page.evaluate(
        """async (api) => {
          const tried = async (request) => {
            try { await request(); return "answered"; } catch (error) { return error.name; }
          };
          return [
            await tried(() => fetch(`${api}/users`)),
            await tried(() => fetch(`${api}/auth/register`, {
              method: "POST", headers: { "Content-Type": "application/json" },
              body: JSON.stringify({ username: "eve", email: "eve@example.com",
                                     password: "violet-kettle-29-harbour" }),
            })),
          ];
        }""",
        api,
    )
    assert outcome == ["TypeError", "TypeError"]  # what fetch throws for a CORS refusal
    # The JSON POST needed a preflight, which the API did not accept: it was never sent.
    status, body = call(api, "GET", "/users")
    assert (status, body["data"]["users"]) == (200, [])


def test_a_listed_origin_keeps_its_session_in_the_refresh_cookie(
    listed_page: Page, api: str
) -> None:
    """Same site (127.0.0.1), another origin: with `credentials: "include"` the API's
    HttpOnly cookie is stored and sent back, and the cookie flow's Origin check knows the
    listed origin. Script never sees the refresh token."""
    seen = listed_page.evaluate(
        """async (api) => {
          const opted = { "Content-Type": "application/json", "X-Refresh-Cookie": "1" };
          const registered = await fetch(`${api}/auth/register`, {
            method: "POST", credentials: "include", headers: opted,
            body: JSON.stringify({ username: "ada", email: "ada@example.com",
                                   password: "violet-kettle-29-harbour" }),
          });
          const body = await registered.json();
          const refresh = () => fetch(`${api}/auth/refresh`,
            { method: "POST", credentials: "include", headers: { "X-Refresh-Cookie": "1" } });
          const refreshed = await refresh();
          const renewed = await refreshed.json();
          const logout = await fetch(`${api}/auth/logout`, { method: "POST",
            credentials: "include", headers: { "X-Refresh-Cookie": "1" } });
          return {
            registered: registered.status,
            bodyKeys: Object.keys(body).sort(),
            refreshed: refreshed.status,
            renewed: typeof renewed.auth_token,
            readable: document.cookie,
            logout: logout.status,
            afterLogout: (await refresh()).status,
          };
        }""",
        api,
    )
    assert seen == {
        "registered": 201,
        "bodyKeys": ["auth_token", "message", "status"],  # no refresh_token
        "refreshed": 200,
        "renewed": "string",
        "readable": "",
        "logout": 200,
        "afterLogout": 401,
    }
