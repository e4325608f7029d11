"""`users.wrappers.ServiceApp`: what its `ensure_sync` remembers."""

from __future__ import annotations

import gc

from flask.testing import FlaskClient

from tests.helpers import PASSWORD, register
from users.wrappers import ServiceApp


def test_callbacks_made_per_request_are_not_kept(app: ServiceApp, client: FlaskClient) -> None:
    """Each cookie-flow login makes an `after_this_request` closure holding its refresh token:
    answered for once, and let go with its request."""

    def log_in() -> None:
        response = client.post(
            "/auth/login",
            json={"email": "michael@mherman.org", "password": PASSWORD},
            headers={"X-Refresh-Cookie": "1"},
        )
        assert response.status_code == 200
        assert response.headers["Set-Cookie"].startswith("refresh_token=")

    assert register(client).status_code == 201
    log_in()
    gc.collect()
    remembered = len(app.is_coroutine)
    for _ in range(5):
        log_in()
    gc.collect()
    assert len(app.is_coroutine) == remembered
