"""Forged, expired, misused and invalidated tokens are all refused."""

from __future__ import annotations

import base64
import json
import time
from datetime import timedelta
from typing import Any

import jwt
import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient

from tests.conftest import AppFactory
from tests.helpers import PASSWORD, admin_token, bearer, log_in, register, tokens_of

INVALID = "Invalid token. Please log in again."
EXPIRED = "Signature expired. Please log in again."
PROVIDE = "Provide a valid auth token."


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def claims_of(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


def status_message(client: FlaskClient, token: str) -> tuple[int, str]:
    response = client.get("/auth/status", headers=bearer(token))
    assert response.headers.get("WWW-Authenticate") == (
        "Bearer" if response.status_code == 401 else None
    )
    return response.status_code, response.get_json().get("message", "")


@pytest.fixture
def access_token(client: FlaskClient) -> str:
    return tokens_of(register(client))[0]


def test_valid_token_is_accepted(client: FlaskClient, access_token: str) -> None:
    assert status_message(client, access_token) == (200, "")


def test_alg_none_is_refused(client: FlaskClient, access_token: str) -> None:
    unsigned = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims_of(access_token))}."
    assert status_message(client, unsigned) == (401, INVALID)


def test_another_key_is_refused(client: FlaskClient, access_token: str) -> None:
    forged = jwt.encode(claims_of(access_token), "another-key-of-at-least-32-bytes!!", "HS256")
    assert status_message(client, forged) == (401, INVALID)


def test_another_algorithm_with_the_right_key_is_refused(make_app: AppFactory) -> None:
    key = "k" * 64  # long enough for HS512, so only the algorithm is wrong
    client = make_app(JWT_SECRET_KEY=key).test_client()
    access_token = tokens_of(register(client))[0]
    forged = jwt.encode(claims_of(access_token), key, "HS512")
    assert status_message(client, forged) == (401, INVALID)


def test_tampered_payload_is_refused(app: APIFlask, client: FlaskClient, access_token: str) -> None:
    admin_token(app, client)
    header, _, signature = access_token.split(".")
    claims = claims_of(access_token) | {"sub": "2"}  # the admin's id
    assert status_message(client, f"{header}.{b64(claims)}.{signature}") == (401, INVALID)


def test_expired_token_is_refused(app: APIFlask, client: FlaskClient, access_token: str) -> None:
    claims = claims_of(access_token) | {"exp": int(time.time()) - 10}
    expired = jwt.encode(claims, app.config["JWT_SECRET_KEY"], "HS256")
    assert status_message(client, expired) == (401, EXPIRED)


def test_access_tokens_live_fifteen_minutes_refresh_tokens_thirty_days(client: FlaskClient) -> None:
    access, refresh = tokens_of(register(client))
    for token, lifetime in ((access, 15 * 60), (refresh, 30 * 24 * 3600)):
        claims = claims_of(token)
        assert claims["exp"] - claims["iat"] == lifetime
        assert {"jti", "sub", "type", "sid", "ver"} <= set(claims)


def test_lifetimes_are_configurable(make_app: AppFactory) -> None:
    app = make_app(JWT_ACCESS_TOKEN_EXPIRES=timedelta(minutes=5))
    access, _ = tokens_of(register(app.test_client()))
    claims = claims_of(access)
    assert claims["exp"] - claims["iat"] == 300


def test_refresh_token_is_not_an_access_token(client: FlaskClient) -> None:
    _, refresh = tokens_of(register(client))
    assert status_message(client, refresh) == (401, INVALID)


def test_access_token_is_not_a_refresh_token(client: FlaskClient, access_token: str) -> None:
    response = client.post("/auth/refresh", headers=bearer(access_token))
    assert response.status_code == 401
    assert response.get_json()["message"] == INVALID


def test_signed_token_without_our_claims_is_refused(
    app: APIFlask, client: FlaskClient, access_token: str
) -> None:
    for missing in ("sid", "jti"):
        claims = {k: v for k, v in claims_of(access_token).items() if k != missing}
        token = jwt.encode(claims, app.config["JWT_SECRET_KEY"], "HS256")
        assert status_message(client, token)[0] == 401


def test_password_change_invalidates_tokens(app: APIFlask, client: FlaskClient) -> None:
    access, refresh = tokens_of(register(client))
    admin = admin_token(app, client)
    user_id = client.get("/auth/status", headers=bearer(access)).get_json()["data"]["id"]
    new_password = "a brand new passphrase"
    response = client.patch(
        f"/users/{user_id}", json={"password": new_password}, headers=bearer(admin)
    )
    assert response.status_code == 200
    assert status_message(client, access) == (401, PROVIDE)
    assert client.post("/auth/refresh", headers=bearer(refresh)).status_code == 401
    assert log_in(client, "michael@mherman.org").status_code == 401
    fresh, _ = tokens_of(log_in(client, "michael@mherman.org", new_password))
    assert status_message(client, fresh) == (200, "")


def test_deactivation_invalidates_tokens(app: APIFlask, client: FlaskClient) -> None:
    access, _ = tokens_of(register(client))
    admin = admin_token(app, client)
    user_id = client.get("/auth/status", headers=bearer(access)).get_json()["data"]["id"]
    client.patch(f"/users/{user_id}", json={"active": False}, headers=bearer(admin))
    assert status_message(client, access) == (401, PROVIDE)
    client.patch(f"/users/{user_id}", json={"active": True}, headers=bearer(admin))
    assert status_message(client, access) == (401, PROVIDE)  # stays dead: the version moved
    assert log_in(client, "michael@mherman.org", PASSWORD).status_code == 200


def test_deletion_invalidates_tokens(app: APIFlask, client: FlaskClient) -> None:
    access, _ = tokens_of(register(client))
    admin = admin_token(app, client)
    user_id = client.get("/auth/status", headers=bearer(access)).get_json()["data"]["id"]
    assert client.delete(f"/users/{user_id}", headers=bearer(admin)).status_code == 200
    assert status_message(client, access) == (401, PROVIDE)
