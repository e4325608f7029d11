"""One access line per request, with the client address a trusted proxy passed."""

from __future__ import annotations

import logging

import pytest

from tests.helpers import AppFactory


def test_access_line_per_request(make_app: AppFactory, caplog: pytest.LogCaptureFixture) -> None:
    client = make_app(access_log=True).test_client()
    with caplog.at_level(logging.INFO, logger="users.access"):
        client.get("/users/404", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    [line] = [r.getMessage() for r in caplog.records if r.name == "users.access"]
    assert line.startswith("client=192.0.2.7 method=GET path=/users/404 status=404 duration_ms=")


@pytest.mark.parametrize(("trusted", "seen"), [(1, "203.0.113.9"), (0, "127.0.0.1")])
def test_client_address_comes_from_a_trusted_proxy_only(
    make_app: AppFactory, caplog: pytest.LogCaptureFixture, trusted: int, seen: str
) -> None:
    """Behind nginx (TRUSTED_PROXIES=1) the last X-Forwarded-For hop is the client; any
    earlier value is the client's own claim and is not believed."""
    client = make_app(access_log=True, trusted_proxies=trusted).test_client()
    with caplog.at_level(logging.INFO, logger="users.access"):
        client.get(
            "/ping",
            headers={"X-Forwarded-For": "10.6.6.6, 203.0.113.9"},
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
        )
    [line] = [r.getMessage() for r in caplog.records if r.name == "users.access"]
    assert line.startswith(f"client={seen} ")
