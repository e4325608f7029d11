"""Password change and reset against the real production server (granian, 2 workers): the
email goes out once the answer is sent, and every other session ends on every worker, with or
without Redis."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.conftest import Mailbox
from tests.helpers import PASSWORD
from tests.live.test_auth import CHECKS, call

pytestmark = pytest.mark.server

NEW_PASSWORD = "a new and better passphrase"
GONE = (401, {"status": "fail", "message": "Provide a valid auth token."})


def sessions_end_everywhere(base_url: str, mailbox: Mailbox) -> None:
    body = {"username": "m", "email": "m@example.com", "password": PASSWORD}
    status, registered = call(base_url, "POST", "/auth/register", body)
    assert status == 201, registered
    _, other = call(base_url, "POST", "/auth/login", body)
    mine = {"Authorization": f"Bearer {registered['auth_token']}"}
    theirs = {"Authorization": f"Bearer {other['auth_token']}"}

    change = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    status, changed = call(base_url, "POST", "/auth/password", change, headers=mine)
    assert status == 200, changed
    after = [call(base_url, "GET", "/auth/status", headers=theirs) for _ in range(CHECKS)]
    assert after == [GONE] * CHECKS

    status, _ = call(base_url, "POST", "/auth/password-reset", {"email": "m@example.com"})
    assert status == 202
    [message] = mailbox.wait_for(1)
    text = message.get_body(("plain",))
    assert text is not None
    token = re.search(r"reset-password\?token=(\S+)", str(text.get_content()))
    assert token is not None
    confirm = {"token": token.group(1), "new_password": "the third passphrase"}
    assert call(base_url, "POST", "/auth/password-reset/confirm", confirm)[0] == 200
    assert call(base_url, "POST", "/auth/password-reset/confirm", confirm)[0] == 400
    current = {"Authorization": f"Bearer {changed['auth_token']}"}
    after = [call(base_url, "GET", "/auth/status", headers=current) for _ in range(CHECKS)]
    assert after == [GONE] * CHECKS


def test_with_the_database(serve: Callable[..., str], mailbox: Mailbox) -> None:
    sessions_end_everywhere(serve(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(mailbox.port)), mailbox)


def test_with_redis(
    serve: Callable[..., str], mailbox: Mailbox, redis_url: str, redis_prefix: str
) -> None:
    base_url = serve(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(mailbox.port),
        REDIS_URL=redis_url,
        REDIS_KEY_PREFIX=redis_prefix,
    )
    sessions_end_everywhere(base_url, mailbox)
