"""Forged, expired, misused and invalidated tokens are all refused."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import jwt
import pytest
import sqlalchemy as sa
from apiflask import APIFlask
from flask.testing import FlaskClient

from tests.helpers import (
    PASSWORD,
    AppFactory,
    admin_token,
    bearer,
    execute,
    log_in,
    register,
    stored_user,
    tokens_of,
)
from users.auth.passwords import passwords
from users.tables import users, utc_now

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
    client = make_app(jwt_secret_key=key).test_client()
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
        assert {"jti", "sub", "type", "sid"} <= set(claims)


def test_lifetimes_are_configurable(make_app: AppFactory) -> None:
    app = make_app(jwt_access_token_minutes=5)
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
    assert status_message(client, access) == (401, PROVIDE)  # stays dead: its session ended
    assert log_in(client, "michael@mherman.org", PASSWORD).status_code == 200


def test_deletion_invalidates_tokens(app: APIFlask, client: FlaskClient) -> None:
    access, _ = tokens_of(register(client))
    admin = admin_token(app, client)
    user_id = client.get("/auth/status", headers=bearer(access)).get_json()["data"]["id"]
    assert client.delete(f"/users/{user_id}", headers=bearer(admin)).status_code == 200
    assert status_message(client, access) == (401, PROVIDE)


def account_id(client: FlaskClient, access: str) -> int:
    user_id: int = client.get("/auth/status", headers=bearer(access)).get_json()["data"]["id"]
    return user_id


def test_ids_of_deleted_users_are_never_handed_out_again(
    app: APIFlask, client: FlaskClient
) -> None:
    admin = admin_token(app, client)
    alice = account_id(client, tokens_of(register(client, "alice@example.com"))[0])
    assert client.delete(f"/users/{alice}", headers=bearer(admin)).status_code == 200
    bob = account_id(client, tokens_of(register(client, "bob@example.com"))[0])
    assert bob > alice


def test_a_deleted_users_tokens_never_open_an_account_that_takes_its_id(
    app: APIFlask, client: FlaskClient
) -> None:
    """The attack: alice is deleted, a new account gets her id (forced here, as a database
    that reused ids would do), and her old tokens must not speak for it."""
    access, refresh = tokens_of(register(client, "alice@example.com"))
    alice = account_id(client, access)
    admin = admin_token(app, client)
    assert client.delete(f"/users/{alice}", headers=bearer(admin)).status_code == 200
    with app.app_context():
        bob_hash = passwords().hasher.hash(PASSWORD)
    execute(
        app,
        sa.insert(users).values(
            id=alice,
            username="bob",
            email="bob@example.com",
            email_key="bob@example.com",
            active=True,
            admin=True,
            password_hash=bob_hash,
            created_at=utc_now(),
        ),
    )
    bob_access = tokens_of(log_in(client, "bob@example.com"))[0]
    assert account_id(client, bob_access) == alice  # bob really holds the id, with a session

    assert status_message(client, access) == (401, PROVIDE)
    refreshed = client.post("/auth/refresh", headers=bearer(refresh))
    assert (refreshed.status_code, refreshed.get_json()["message"]) == (401, PROVIDE)
    renamed = client.patch(f"/users/{alice}", json={"username": "x"}, headers=bearer(access))
    assert (renamed.status_code, renamed.get_json()["message"]) == (401, PROVIDE)
    bob = stored_user(app, alice)
    assert bob is not None and bob["username"] == "bob"


def test_a_token_names_a_session_of_its_own_user_only(
    app: APIFlask, client: FlaskClient, access_token: str
) -> None:
    """A validly signed token whose `sub` is changed to another user's id (only possible with
    the key) still does not fit: the session belongs to the first user."""
    other = account_id(client, tokens_of(register(client, "other@example.com"))[0])
    claims = claims_of(access_token) | {"sub": str(other)}
    token = jwt.encode(claims, app.config["JWT_SECRET_KEY"], "HS256")
    assert status_message(client, token) == (401, PROVIDE)
