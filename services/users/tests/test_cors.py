"""CORS: listed origins get their exact origin back (on errors too), unlisted ones and
requests without `Origin` get no CORS header at all; preflights; credentials on /auth/ only."""

from __future__ import annotations

from typing import Any

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import AppFactory
from tests.helpers import add_users, stored_user_by_email
from users.cors import MAX_AGE_SECONDS

LISTED = "http://localhost:3000"
OTHER_LISTED = "http://127.0.0.1:5173"
UNLISTED = "http://127.0.0.1:3001"
EXPOSED = {"link", "retry-after", "x-request-id", "www-authenticate"}


@pytest.fixture
def app(make_app: AppFactory) -> APIFlask:
    return make_app(cors_origins=(LISTED, OTHER_LISTED))


def one_user(app: APIFlask) -> int:
    add_users(app, [{"username": "ada", "email": "ada@example.com"}])
    return stored_user_by_email(app, "ada@example.com")["id"]


def cors_headers(response: TestResponse) -> dict[str, str]:
    return {
        name.lower(): value
        for name, value in response.headers.items()
        if name.lower().startswith("access-control-")
    }


def words(value: str | None) -> set[str]:
    return {word.strip().lower() for word in (value or "").split(",") if word.strip()}


def preflight(client: FlaskClient, path: str, origin: str, method: str, **extra: str) -> Any:
    headers = {"Origin": origin, "Access-Control-Request-Method": method, **extra}
    return client.options(path, headers=headers)


def test_a_listed_origin_gets_itself_back_and_what_it_may_read(
    app: APIFlask, client: FlaskClient
) -> None:
    user_id = one_user(app)
    for origin in (LISTED, OTHER_LISTED):
        response = client.get(f"/users/{user_id}", headers={"Origin": origin})
        assert response.status_code == 200
        assert response.headers["Access-Control-Allow-Origin"] == origin  # never `*`
        assert words(response.headers["Access-Control-Expose-Headers"]) == EXPOSED
        assert "Access-Control-Allow-Credentials" not in response.headers  # not on /users
        assert "Origin" in response.vary


def test_error_answers_carry_the_headers_so_the_browser_shows_their_message(
    client: FlaskClient,
) -> None:
    answers = [
        client.get("/users/999", headers={"Origin": LISTED}),
        client.post("/auth/register", json={}, headers={"Origin": LISTED}),
        client.get("/auth/status", headers={"Origin": LISTED}),
        client.get("/nowhere", headers={"Origin": LISTED}),
    ]
    assert [answer.status_code for answer in answers] == [404, 400, 401, 404]
    for answer in answers:
        assert answer.json is not None and answer.json["status"] == "fail"
        assert answer.headers["Access-Control-Allow-Origin"] == LISTED


def test_credentials_are_allowed_on_the_auth_paths_only(client: FlaskClient) -> None:
    auth = client.post("/auth/login", json={}, headers={"Origin": LISTED})
    users = client.get("/users", headers={"Origin": LISTED})
    assert auth.headers["Access-Control-Allow-Credentials"] == "true"
    assert "Access-Control-Allow-Credentials" not in users.headers
    assert users.headers["Access-Control-Allow-Origin"] == LISTED


def test_credentials_can_be_turned_off(make_app: AppFactory) -> None:
    client = make_app(cors_origins=(LISTED,), cors_allow_credentials=False).test_client()
    response = client.post("/auth/login", json={}, headers={"Origin": LISTED})
    assert response.headers["Access-Control-Allow-Origin"] == LISTED
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_an_unlisted_origin_and_no_origin_get_no_cors_header(
    app: APIFlask, client: FlaskClient
) -> None:
    user_id = one_user(app)
    for headers in ({"Origin": UNLISTED}, {"Origin": "null"}, {}):
        for response in (
            client.get(f"/users/{user_id}", headers=headers),
            client.get("/users/999", headers=headers),
            client.post("/auth/login", json={}, headers=headers),
        ):
            assert cors_headers(response) == {}, headers
            assert "Origin" in response.vary  # a cache must not hand this to a listed origin


def test_a_preflight_from_a_listed_origin_is_204_with_what_the_api_uses(
    client: FlaskClient,
) -> None:
    asked = "authorization, content-type, idempotency-key, x-request-id, x-refresh-cookie"
    response = preflight(
        client, "/users", LISTED, "POST", **{"Access-Control-Request-Headers": asked}
    )
    assert response.status_code == 204
    assert response.get_data() == b""
    headers = cors_headers(response)
    assert headers["access-control-allow-origin"] == LISTED
    assert words(headers["access-control-allow-methods"]) >= {"get", "post", "patch", "delete"}
    assert words(headers["access-control-allow-headers"]) == words(asked)
    assert 0 < int(headers["access-control-max-age"]) == MAX_AGE_SECONDS <= 7200  # Chromium's cap


def test_a_preflight_gets_only_the_headers_the_api_takes(client: FlaskClient) -> None:
    response = preflight(
        client, "/users/1", LISTED, "PATCH", **{"Access-Control-Request-Headers": "x-evil"}
    )
    assert response.status_code == 204
    assert "x-evil" not in words(response.headers.get("Access-Control-Allow-Headers"))


def test_a_preflight_the_api_does_not_accept_gets_no_cors_header(client: FlaskClient) -> None:
    unlisted = preflight(client, "/users", UNLISTED, "POST")
    unknown_method = preflight(client, "/users", LISTED, "PUT")
    assert unlisted.status_code == unknown_method.status_code == 200  # Flask's own OPTIONS
    assert cors_headers(unlisted) == {}
    assert "access-control-allow-methods" not in cors_headers(unknown_method)


def test_a_preflight_on_the_auth_paths_allows_credentials(client: FlaskClient) -> None:
    response = preflight(client, "/auth/refresh", LISTED, "POST")
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Credentials"] == "true"


def test_any_origin_is_answered_with_a_wildcard_and_never_with_credentials(
    make_app: AppFactory,
) -> None:
    client = make_app(cors_origins=("*",), cors_allow_credentials=False).test_client()
    response = client.post("/auth/login", json={}, headers={"Origin": UNLISTED})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_without_cors_origins_nothing_is_added(make_app: AppFactory) -> None:
    client = make_app().test_client()  # the testing configuration lists none
    response = client.get("/users", headers={"Origin": LISTED})
    assert cors_headers(response) == {}
    assert "Origin" not in response.vary
