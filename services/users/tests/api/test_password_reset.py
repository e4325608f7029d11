"""Password reset by email, through a real SMTP server on loopback, on each database."""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import socket
from datetime import timedelta
from email.message import EmailMessage
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from apiflask import APIFlask
from flask.testing import FlaskClient

from tests.conftest import Mailbox
from tests.helpers import (
    PASSWORD,
    AppFactory,
    bearer,
    execute,
    finish_background_work,
    log_in,
    register,
    tokens_of,
)
from tests.servers import free_port
from users import create_app, queries
from users.config import ProductionConfig
from users.tables import password_resets, utc_now

NEW_PASSWORD = "a new and better passphrase"
ON_ITS_WAY = {
    "status": "success",
    "message": "If that address has an account, a reset link is on its way.",
}
INVALID_LINK = {"status": "fail", "message": "Reset link is invalid or has expired."}


@pytest.fixture
def app(make_app: AppFactory, mailbox: Mailbox) -> APIFlask:
    # The default CLIENT_URL, whatever the machine's says (the development container sets one).
    return make_app(
        mail_server="127.0.0.1", mail_port=mailbox.port, mail_timeout=5, client_url="/app"
    )


def ask(client: FlaskClient, email: str = "michael@mherman.org", **headers: str) -> None:
    """The email goes out once the answer is sent: when a server closes the response."""
    with client.post("/auth/password-reset", json={"email": email}, headers=headers) as response:
        assert (response.status_code, response.get_json()) == (202, ON_ITS_WAY)


def confirm(client: FlaskClient, token: str, password: str = NEW_PASSWORD) -> tuple[int, object]:
    response = client.post(
        "/auth/password-reset/confirm", json={"token": token, "new_password": password}
    )
    return response.status_code, response.get_json()


def link_in(message: EmailMessage) -> str:
    text = message.get_body(("plain",))
    assert isinstance(text, EmailMessage)
    links: list[str] = re.findall(r"https?://\S+", text.get_content())
    assert len(links) == 1, text.get_content()
    return links[0]


def token_in(message: EmailMessage) -> str:
    [token] = parse_qs(urlsplit(link_in(message)).query)["token"]
    return token


def test_the_emailed_link_resets_the_password_once(
    app: APIFlask, client: FlaskClient, mailbox: Mailbox
) -> None:
    access, refresh = tokens_of(register(client, email="Michael@MHerman.org"))
    ask(client, "michael@mherman.org")
    [message] = mailbox.wait_for(1)
    assert message["To"] == "Michael@MHerman.org"  # the address as the user gave it
    assert message["Subject"] == "Reset your password"
    assert message["From"] == "Users service <no-reply@localhost>"
    link = link_in(message)
    assert link.startswith("http://localhost/app/reset-password?token=")
    html = message.get_body(("html",))
    assert isinstance(html, EmailMessage)
    assert link.replace("&", "&amp;") in html.get_content()
    token = token_in(message)
    assert len(token) >= 22  # at least 128 bits, URL-safe base64

    assert confirm(client, token) == (
        200,
        {"status": "success", "message": "Password reset. Please log in."},
    )
    assert confirm(client, token, "yet another passphrase") == (400, INVALID_LINK)
    assert log_in(client, "michael@mherman.org").status_code == 401
    assert log_in(client, "michael@mherman.org", NEW_PASSWORD).status_code == 200
    # Every session from before ended.
    assert client.get("/auth/status", headers=bearer(access)).status_code == 401
    assert client.post("/auth/refresh", headers=bearer(refresh)).status_code == 401


def test_only_a_hash_of_the_token_is_stored(
    app: APIFlask, client: FlaskClient, mailbox: Mailbox
) -> None:
    register(client)
    ask(client)
    token = token_in(mailbox.wait_for(1)[0])
    with app.app_context(), queries.connect() as connection:
        stored = connection.execute(sa.select(password_resets)).all()
    [row] = stored
    assert token not in str(tuple(row))
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert timedelta(minutes=29) < row.expires_at - utc_now() <= timedelta(minutes=30)


def test_unknown_and_inactive_addresses_get_the_same_answer_and_no_email(
    app: APIFlask, client: FlaskClient, mailbox: Mailbox
) -> None:
    client.post("/users", json={"username": "inactive", "email": "inactive@example.com"})
    ask(client, "nobody@example.com")
    ask(client, "inactive@example.com")
    finish_background_work(app)
    assert mailbox.messages == []


def test_a_newer_link_supersedes_the_older(client: FlaskClient, mailbox: Mailbox) -> None:
    register(client)
    ask(client)
    first = token_in(mailbox.wait_for(1)[0])
    ask(client)
    second = token_in(mailbox.wait_for(2)[1])
    assert first != second
    assert confirm(client, first) == (400, INVALID_LINK)
    assert confirm(client, second)[0] == 200


def test_an_expired_link_is_refused(app: APIFlask, client: FlaskClient, mailbox: Mailbox) -> None:
    register(client)
    ask(client)
    token = token_in(mailbox.wait_for(1)[0])
    execute(app, sa.update(password_resets).values(expires_at=utc_now() - timedelta(seconds=1)))
    assert confirm(client, token) == (400, INVALID_LINK)


def test_a_password_change_kills_the_link(client: FlaskClient, mailbox: Mailbox) -> None:
    access, _ = tokens_of(register(client))
    ask(client)
    token = token_in(mailbox.wait_for(1)[0])
    changed = client.post(
        "/auth/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=bearer(access),
    )
    assert changed.status_code == 200
    assert confirm(client, token, "yet another passphrase") == (400, INVALID_LINK)


def test_a_common_password_does_not_spend_the_link(client: FlaskClient, mailbox: Mailbox) -> None:
    register(client)
    ask(client)
    token = token_in(mailbox.wait_for(1)[0])
    assert confirm(client, token, "Password123") == (
        400,
        {"status": "fail", "message": "Password is too common."},
    )
    assert confirm(client, token)[0] == 200


@pytest.mark.parametrize("token", ["", "x" * 129, secrets.token_urlsafe(32), None, 12345])
def test_tokens_never_issued_are_refused(client: FlaskClient, token: object) -> None:
    response = client.post(
        "/auth/password-reset/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )
    if isinstance(token, str) and 0 < len(token) <= 128:
        assert (response.status_code, response.get_json()) == (400, INVALID_LINK)
    else:
        assert response.get_json() == {"status": "fail", "message": "Invalid payload."}


@pytest.mark.parametrize("payload", [{}, {"email": "not an email"}, {"email": None}, ["x"]])
def test_request_invalid_payload(client: FlaskClient, payload: object) -> None:
    response = client.post("/auth/password-reset", json=payload)
    assert response.status_code == 400
    assert response.get_json() == {"status": "fail", "message": "Invalid payload."}


def test_client_url_absolute(make_app: AppFactory, mailbox: Mailbox) -> None:
    app = make_app(
        mail_server="127.0.0.1", mail_port=mailbox.port, client_url="https://users.example/app/"
    )
    client = app.test_client()
    register(client)
    ask(client)
    link = link_in(mailbox.wait_for(1)[0])
    assert link.startswith("https://users.example/app/reset-password?token=")


def test_client_url_follows_the_origin_behind_a_proxy(
    make_app: AppFactory, mailbox: Mailbox
) -> None:
    """Outside production only: production with mail needs an absolute CLIENT_URL
    (tests/test_config.py), since the host a request names is the client's choice."""
    app = make_app(
        mail_server="127.0.0.1", mail_port=mailbox.port, trusted_proxies=1, client_url="/app"
    )
    client = app.test_client()
    register(client)
    ask(client, **{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "users.example"})
    link = link_in(mailbox.wait_for(1)[0])
    assert link.startswith("https://users.example/app/reset-password?token=")


def test_smtp_server_down(make_app: AppFactory, caplog: pytest.LogCaptureFixture) -> None:
    """Nothing listens on the port: the answer is the same 202, and the log says why."""
    app = make_app(mail_server="127.0.0.1", mail_port=free_port(), mail_timeout=1)
    client = app.test_client()
    register(client)
    with caplog.at_level(logging.INFO, logger="users"):
        ask(client)
        finish_background_work(app)
    [line] = [r for r in caplog.records if "email not sent" in r.getMessage()]
    assert line.levelno == logging.ERROR
    assert "ConnectionRefusedError" in line.getMessage()


def test_past_the_queue_limit_emails_are_dropped_and_logged(
    make_app: AppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """A mail server that accepts connections and never speaks holds both senders for the
    timeout; with room for two jobs, the third and fourth requests' emails are dropped (their
    answers are the same 202)."""
    with socket.create_server(("127.0.0.1", 0)) as silent:
        port = silent.getsockname()[1]
        app = make_app(mail_server="127.0.0.1", mail_port=port, mail_timeout=1, mail_queue_limit=2)
        client = app.test_client()
        register(client)
        with caplog.at_level(logging.INFO, logger="users"):
            for _ in range(4):
                ask(client)
            finish_background_work(app)
    messages = [record.getMessage() for record in caplog.records]
    dropped = [m for m in messages if m.startswith("background job _send_reset_link dropped")]
    assert len(dropped) == 2, messages
    assert len([m for m in messages if "email not sent" in m]) == 2, messages


def test_without_a_mail_server_development_logs_the_message(
    make_app: AppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(mail_server=None)  # whatever the machine's MAIL_SERVER says
    client = app.test_client()
    register(client)
    with caplog.at_level(logging.INFO, logger="users"):
        ask(client)
        finish_background_work(app)
    [line] = [r.getMessage() for r in caplog.records if "mail not sent" in r.getMessage()]
    assert "to=michael@mherman.org subject=Reset your password" in line
    token = re.search(r"reset-password\?token=(\S+)", line)
    assert token is not None
    assert confirm(client, token.group(1))[0] == 200


def test_without_a_mail_server_production_warns_and_never_logs_the_link(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="users"):
        app = create_app(
            ProductionConfig(
                database_url=database_url, secret_key=secrets.token_urlsafe(48), mail_server=None
            )
        )
    try:
        with caplog.at_level(logging.INFO, logger="users"):
            client = app.test_client()
            register(client)
            ask(client)
            finish_background_work(app)
    finally:
        with app.app_context():
            queries.dispose_connections()  # not one of `make_app`'s, which it disposes itself
    assert "MAIL_SERVER is not set: password reset emails will not be sent" in caplog.text
    assert "mail not sent (no MAIL_SERVER): to=michael@mherman.org" in caplog.text
    assert "token=" not in caplog.text


def test_reset_requests_are_rate_limited_per_address_and_per_client(
    make_app: AppFactory,
) -> None:
    client = make_app(auth_rate_limit="2 per minute").test_client()

    def status(email: str, address: str) -> int:
        response = client.post(
            "/auth/password-reset", json={"email": email}, environ_base={"REMOTE_ADDR": address}
        )
        return response.status_code

    per_address = [status("Target@example.com", f"203.0.113.{n}") for n in range(3)]
    assert per_address == [202, 202, 429]
    per_client = [status(f"user{n}@example.com", "198.51.100.7") for n in range(3)]
    assert per_client == [202, 202, 429]
