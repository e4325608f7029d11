"""Browser fixtures: Debian's Chromium launched once per session, a fresh context per test that
records every request the page sends, against the production server (bin/serve).

Playwright never downloads a browser here: it drives /usr/bin/chromium (`apt-get install
chromium`). The browser tests run on SQLite only: the page renders the same HTML on every
database, and tests/web and tests/api already run the same views on MariaDB and PostgreSQL.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from tests.databases import databases_required

CHROMIUM = Path("/usr/bin/chromium")
# Headless, as root, and quiet: no background fetches (updates, sync, safe browsing), which
# this machine's closed network would refuse and which would muddy the request record.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 10_000  # per action and per expectation: generous on 2 cores, still fails fast
LOCAL_SCHEMES = {"data", "blob", "about"}  # never leave the browser


@pytest.fixture(scope="session")
def database_name() -> str:
    """SQLite only (see the module docstring); overrides the parametrised fixture."""
    return "sqlite"


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
    """One Chromium for the whole session: a launch costs about a second, a context almost
    nothing. Missing Chromium skips locally but fails in CI, where it must be installed."""
    if problem := chromium_problem():
        if databases_required():
            pytest.fail(problem)
        pytest.skip(problem)
    with sync_playwright() as playwright:
        # Playwright makes a fresh, empty user data dir for every launch and deletes it after.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Traffic:
    """What the browser did while a test ran: every request it sent, and every sign of
    trouble (console errors, uncaught exceptions, requests that failed)."""

    origin: str
    requests: list[Request] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def record_request(self, request: Request) -> None:
        self.requests.append(request)

    def record_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} at {message.location}")

    def record_failure(self, request: Request) -> None:
        self.errors.append(f"request failed: {request.method} {request.url}: {request.failure}")

    def paths(self, method: str = "GET") -> list[str]:
        return [urlsplit(r.url).path for r in self.requests if r.method == method]

    def left_the_server(self) -> list[str]:
        """Every request that went anywhere but this test's server."""
        outside = []
        for request in self.requests:
            url = urlsplit(request.url)
            if url.scheme in LOCAL_SCHEMES:
                continue
            if f"{url.scheme}://{url.netloc}" != self.origin:
                outside.append(request.url)
        return outside


@pytest.fixture
def live_url(serve: Callable[..., str]) -> str:
    """The production server (granian, production config) on this test's emptied database."""
    return serve()


@pytest.fixture
def traffic(live_url: str) -> Traffic:
    return Traffic(origin=live_url)


@pytest.fixture
def context(browser: Browser, live_url: str, traffic: Traffic) -> Iterator[BrowserContext]:
    """A fresh profile per test (no cookies, no storage), recording from the first request:
    listening on the context, not the page, also catches popups and workers' requests."""
    context = browser.new_context(base_url=live_url)
    context.set_default_timeout(TIMEOUT_MS)
    context.on("request", traffic.record_request)
    context.on("requestfailed", traffic.record_failure)
    context.on("console", traffic.record_console)
    context.on("weberror", lambda error: traffic.errors.append(f"page error: {error.error}"))
    yield context
    try:
        context.close()
    except PlaywrightError:  # the browser already went away; the test has failed anyway
        pass


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
