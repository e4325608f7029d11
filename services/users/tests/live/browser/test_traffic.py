"""The recorder the other browser tests rely on: it does see a request to another host, and
an uncaught error, so their empty lists mean something."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.live.browser.conftest import Traffic

ELSEWHERE = "http://cdn.example.com/bootstrap.min.css"


def test_a_request_to_another_host_is_recorded_and_goes_nowhere(
    page: Page, traffic: Traffic
) -> None:
    page.goto("/")
    with page.expect_event("requestfailed") as failed:
        page.evaluate("url => fetch(url).catch(() => null)", ELSEWHERE)
    assert failed.value.failure == "net::ERR_NAME_NOT_RESOLVED"  # --host-resolver-rules
    assert traffic.left_the_server() == [ELSEWHERE]
    assert f"request failed: GET {ELSEWHERE}: net::ERR_NAME_NOT_RESOLVED" in traffic.errors


def test_an_uncaught_error_is_recorded(page: Page, traffic: Traffic) -> None:
    page.goto("/")
    with page.context.expect_event("weberror"):
        page.evaluate("setTimeout(() => { throw new Error('boom') })")
    assert traffic.errors == ["uncaught: Error: boom"]
