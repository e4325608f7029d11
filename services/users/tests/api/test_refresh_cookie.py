"""The refresh token as a cookie (`X-Refresh-Cookie: 1`), and its CSRF defence."""

from __future__ import annotations

from typing import Any

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.helpers import PASSWORD, AppFactory, bearer, log_in, register, tokens_of

OPT_IN = {"X-Refresh-Cookie": "1"}
FORBIDDEN = {"status": "fail", "message": "You do not have permission to do that."}
NEW_PASSWORD = "a new and better passphrase"


def cookie_of(response: TestResponse) -> str:
    """The refresh cookie the response sets, after checking every attribute."""
    [header] = response.headers.getlist("Set-Cookie")
    name_value, *attributes = header.split("; ")
    name, _, value = name_value.partition("=")
    assert name == "refresh_token" and value
    assert {"HttpOnly", "Secure", "SameSite=Strict", "Path=/auth", "Max-Age=2592000"} <= set(
        attributes
    )
    assert "refresh_token" not in response.get_json()
    return value


def refresh_with_cookie(client: FlaskClient, **headers: str) -> Any:
    return client.post("/auth/refresh", headers={**OPT_IN, **headers})


@pytest.mark.parametrize("how", ["login", "register"])
def test_login_and_registration_set_the_cookie_instead_of_the_body(
    client: FlaskClient, how: str
) -> None:
    if how == "login":
        register(client)
    body = {"username": "michael", "email": "michael@mherman.org", "password": PASSWORD}
    response = client.post(f"/auth/{how}", json=body, headers=OPT_IN)
    assert response.status_code in {200, 201}
    assert response.get_json()["auth_token"]
    cookie_of(response)


def test_without_the_header_nothing_changes(client: FlaskClient) -> None:
    response = register(client)
    assert "Set-Cookie" not in response.headers
    _, refresh = tokens_of(response)
    response = client.post("/auth/refresh", headers=bearer(refresh))
    assert "Set-Cookie" not in response.headers and response.get_json()["refresh_token"]
    # Another value of the header is no opt-in either.
    response = client.post(
        "/auth/refresh",
        headers={**bearer(response.get_json()["refresh_token"]), "X-Refresh-Cookie": "yes"},
    )
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_refresh_with_the_cookie_rotates_it(client: FlaskClient) -> None:
    first = cookie_of(register(client, headers=OPT_IN))
    response = refresh_with_cookie(client)
    assert response.status_code == 200
    second = cookie_of(response)
    assert second != first
    access = response.get_json()["auth_token"]
    assert client.get("/auth/status", headers=bearer(access)).status_code == 200


def test_a_replayed_cookie_ends_the_session(client: FlaskClient) -> None:
    first = cookie_of(register(client, headers=OPT_IN))
    second = cookie_of(refresh_with_cookie(client))
    client.set_cookie("refresh_token", first, path="/auth")  # a stolen, already spent cookie
    replay = refresh_with_cookie(client)
    assert replay.status_code == 401
    assert replay.get_json() == {"status": "fail", "message": "Provide a valid auth token."}
    client.set_cookie("refresh_token", second, path="/auth")  # the rightful one dies with it
    assert refresh_with_cookie(client).status_code == 401


def test_the_cookie_is_read_only_with_the_header(client: FlaskClient) -> None:
    cookie_of(register(client, headers=OPT_IN))
    assert client.post("/auth/refresh").status_code == 401
    assert client.get("/auth/status").status_code == 401  # never an access token either


def test_refresh_without_a_cookie(client: FlaskClient) -> None:
    response = refresh_with_cookie(client)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def assert_cleared(response: TestResponse) -> None:
    [cleared] = response.headers.getlist("Set-Cookie")
    assert cleared.startswith("refresh_token=;")
    assert {"Max-Age=0", "Path=/auth", "HttpOnly", "Secure", "SameSite=Strict"} <= set(
        cleared.split("; ")
    )


@pytest.mark.parametrize("ending", ["logout", "account deletion"])
def test_logout_and_account_deletion_clear_the_cookie_and_end_the_session(
    client: FlaskClient, ending: str
) -> None:
    response = register(client, headers=OPT_IN)
    cookie = cookie_of(response)
    access = response.get_json()["auth_token"]
    headers = {**OPT_IN, **bearer(access)}
    if ending == "logout":
        ended = client.post("/auth/logout", headers=headers)
    else:
        ended = client.delete("/auth/account", json={"password": PASSWORD}, headers=headers)
    assert ended.status_code == 200
    assert_cleared(ended)
    client.set_cookie("refresh_token", cookie, path="/auth")
    assert refresh_with_cookie(client).status_code == 401
    assert client.get("/auth/status", headers=bearer(access)).status_code == 401


def test_logout_with_the_cookie_alone(client: FlaskClient) -> None:
    response = register(client, headers=OPT_IN)
    access = response.get_json()["auth_token"]
    assert client.post("/auth/logout", headers=OPT_IN).status_code == 200
    assert client.get("/auth/status", headers=bearer(access)).status_code == 401


def test_password_change_sets_the_new_sessions_cookie(client: FlaskClient) -> None:
    access, _ = tokens_of(register(client))
    response = client.post(
        "/auth/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers={**OPT_IN, **bearer(access)},
    )
    assert response.status_code == 200
    cookie_of(response)
    assert refresh_with_cookie(client).status_code == 200


# CSRF: the header, SameSite=Strict, and the origin


@pytest.mark.parametrize("origin", ["http://localhost", "HTTP://LOCALHOST:80"])
def test_own_origin_is_accepted(client: FlaskClient, origin: str) -> None:
    response = register(client, headers={**OPT_IN, "Origin": origin})
    assert response.status_code == 201
    cookie_of(response)


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example",
        "null",
        "http://localhost:5000",
        "https://localhost",
        "http://localhost.evil.example",
    ],
)
@pytest.mark.parametrize(
    "path", ["/auth/login", "/auth/register", "/auth/refresh", "/auth/logout", "/auth/password"]
)
def test_another_origin_is_refused(
    app: APIFlask, client: FlaskClient, origin: str, path: str
) -> None:
    access, _ = tokens_of(register(client))
    response = client.post(
        path,
        json={
            "username": "x",
            "email": "x@example.com",
            "password": PASSWORD,
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
        },
        headers={**OPT_IN, **bearer(access), "Origin": origin},
    )
    assert (response.status_code, response.get_json()) == (403, FORBIDDEN)
    assert "Set-Cookie" not in response.headers
    # Nothing happened: the session lives, the password is the same.
    assert client.get("/auth/status", headers=bearer(access)).status_code == 200
    assert log_in(client, "michael@mherman.org").status_code == 200


def test_another_origin_without_the_header_gets_no_cookie_flow(client: FlaskClient) -> None:
    """Without the opt-in the cookie is never read or set, so there is nothing to forge."""
    response = register(client, headers={"Origin": "https://evil.example"})
    assert response.status_code == 201
    assert "Set-Cookie" not in response.headers and response.get_json()["refresh_token"]


def test_origin_behind_a_trusted_proxy(make_app: AppFactory) -> None:
    """nginx terminates TLS: the service's own origin is the one the proxy says."""
    client = make_app(trusted_proxies=1).test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "users.example", **OPT_IN}
    body = {"username": "m", "email": "m@example.com", "password": PASSWORD}
    ok = client.post(
        "/auth/register", json=body, headers={**forwarded, "Origin": "https://users.example"}
    )
    assert ok.status_code == 201
    refused = client.post(
        "/auth/login", json=body, headers={**forwarded, "Origin": "http://localhost"}
    )
    assert (refused.status_code, refused.get_json()) == (403, FORBIDDEN)


def test_forwarded_headers_are_ignored_without_trusted_proxies(client: FlaskClient) -> None:
    body = {"username": "m", "email": "m@example.com", "password": PASSWORD}
    forged = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example", **OPT_IN}
    response = client.post(
        "/auth/register", json=body, headers={**forged, "Origin": "https://evil.example"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("credentials", "status"), [(True, 201), (False, 403)], ids=["credentials", "no-credentials"]
)
def test_a_listed_cors_origin_may_use_the_cookie_when_credentials_are_allowed(
    make_app: AppFactory, credentials: bool, status: int
) -> None:
    client = make_app(
        cors_origins="https://app.example", cors_allow_credentials=credentials
    ).test_client()
    body = {"username": "m", "email": "m@example.com", "password": PASSWORD}
    listed = client.post(
        "/auth/register", json=body, headers={**OPT_IN, "Origin": "https://app.example"}
    )
    assert listed.status_code == status
    unlisted = client.post(
        "/auth/login", json=body, headers={**OPT_IN, "Origin": "https://other.example"}
    )
    assert (unlisted.status_code, unlisted.get_json()) == (403, FORBIDDEN)
