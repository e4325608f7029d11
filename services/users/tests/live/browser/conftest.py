"""Browser fixtures: Debian's Chromium launched once per session, and per test a fresh browser
context that records every request and every error, against the production server (bin/serve).

Playwright never downloads a browser here: it drives /usr/bin/chromium (`apt-get install
chromium`). These tests run on SQLite only, a database of their own: the pages render the same
HTML on every database, and tests/web and tests/api run the same views on all three.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    WebError,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

from tests.databases import databases_required, migrated_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # we run as root
    "--disable-gpu",
    # No fetches of the browser's own (updates, sync, safe browsing): this machine's closed
    # network refuses them, and they are not the page's requests.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Any host but loopback fails to resolve: a page that reaches out is recorded and fails
    # loudly (requestfailed), and the test itself never sends traffic off the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
TIMEOUT_MS = 10_000  # per action: generous on 2 busy cores, and still fails fast
LOCAL_SCHEMES = {"data", "blob", "about"}  # URLs that never reach a network


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated SQLite database of the browser tests' own (see the module docstring).
    Overriding `database_name` instead is not enough: the parent's session-scoped
    `database_url` would be reused from whichever database ran last."""
    with migrated_database("sqlite", tmp_path_factory.mktemp("browser-db")) as url:
        yield url


def chromium_problem() -> str | None:
    """None if Debian's Chromium runs, else why not."""
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing: install Debian's package (apt-get install -y chromium)"
    try:
        subprocess.run([CHROMIUM, "--version"], check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as error:
        return f"{CHROMIUM} does not run: {error}"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole session (a launch costs about a second, a context almost
    nothing). Without Chromium: a skip locally, a failure in CI, where it must be installed."""
    if problem := chromium_problem():
        if databases_required():  # CI=true or REQUIRE_TEST_DATABASES=1
            pytest.fail(problem)
        pytest.skip(problem)
    with sync_playwright() as playwright:
        # Playwright gives every launch a fresh, empty user data dir and deletes it after.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Traffic:
    """What the browser did during one test: every request it sent, and every sign of
    trouble (console errors, uncaught exceptions, requests that got no response)."""

    origin: str
    requests: list[Request] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def record_request(self, request: Request) -> None:
        self.requests.append(request)

    def record_failure(self, request: Request) -> None:
        self.errors.append(f"request failed: {request.method} {request.url}: {request.failure}")

    def record_console(self, message: ConsoleMessage) -> None:
        url = message.location.get("url", "")
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({url})")

    def record_page_error(self, error: WebError) -> None:
        self.errors.append(f"uncaught: {error.error.name}: {error.error.message}")

    def sent(self, method: str = "GET") -> list[str]:
        """Paths (with query) of the requests sent with this method, in order."""
        urls = (urlsplit(r.url) for r in self.requests if r.method == method)
        return [f"{url.path}?{url.query}" if url.query else url.path for url in urls]

    def left_the_server(self) -> list[str]:
        """Every request that was addressed anywhere but this test's server."""
        return [
            request.url
            for request in self.requests
            if urlsplit(request.url).scheme not in LOCAL_SCHEMES
            and not request.url.startswith(self.origin + "/")
        ]


@pytest.fixture
def live_url(serve: Callable[..., str]) -> str:
    """The production server (granian, production config) on this test's emptied database."""
    return serve()


@pytest.fixture
def traffic(live_url: str) -> Traffic:
    return Traffic(origin=live_url)


@pytest.fixture
def context(browser: Browser, live_url: str, traffic: Traffic) -> Iterator[BrowserContext]:
    """A fresh profile per test (no cookies, no storage) that records from its first request.
    Listening on the context rather than the page also catches popups and workers."""
    context = browser.new_context(base_url=live_url)
    context.set_default_timeout(TIMEOUT_MS)
    context.on("request", traffic.record_request)
    context.on("requestfailed", traffic.record_failure)
    context.on("console", traffic.record_console)
    context.on("weberror", traffic.record_page_error)
    yield context
    try:
        context.close()
    except PlaywrightError:  # the browser is already gone: the test has failed for that
        pass


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
