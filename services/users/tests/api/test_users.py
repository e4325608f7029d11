"""Every row of the Users contract, on each database."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient

from tests.helpers import add_users, stored_users

TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def add(client: FlaskClient, username: str = "michael", email: str = "michael@mherman.org") -> Any:
    return client.post("/users", json={"username": username, "email": email})


def user_rows(app: APIFlask) -> list[SimpleNamespace]:
    """The stored users, oldest first, their columns as attributes."""
    return [SimpleNamespace(**user) for user in stored_users(app)]


def test_add_user(client: FlaskClient, app: APIFlask) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    response = add(client)
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "success"
    assert body["message"] == "michael@mherman.org was added!"
    user = body["data"]
    assert set(user) == {"id", "username", "email", "active", "created_at"}
    assert user["username"] == "michael"
    assert user["email"] == "michael@mherman.org"
    assert user["active"] is False
    assert TIMESTAMP.fullmatch(user["created_at"])
    created = datetime.strptime(user["created_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert before <= created <= datetime.now(UTC) + timedelta(seconds=1)
    [row] = user_rows(app)
    assert (row.id, row.username, row.email, row.active) == (
        user["id"],
        "michael",
        "michael@mherman.org",
        False,
    )


def test_add_user_trims_and_keeps_the_address_as_sent(client: FlaskClient) -> None:
    response = add(client, "  michael  ", "  Michael@MHerman.org ")
    assert response.status_code == 201
    body = response.get_json()
    assert body["data"]["username"] == "michael"
    assert body["message"] == "Michael@MHerman.org was added!"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"email": "michael@mherman.org"},
        {"username": "michael"},
        {"username": None, "email": "michael@mherman.org"},
        {"username": 42, "email": "michael@mherman.org"},
        {"username": ["michael"], "email": "michael@mherman.org"},
        {"username": "michael", "email": 7},
        {"username": "michael", "email": True},
        {"username": "", "email": "michael@mherman.org"},
        {"username": "   \t\n", "email": "michael@mherman.org"},
        {"username": "m" * 129, "email": "michael@mherman.org"},
        {"username": "michael", "email": ""},
        {"username": "michael", "email": "not-an-email"},
        {"username": "michael", "email": "michael@"},
        {"username": "michael", "email": "@mherman.org"},
        {"username": "michael", "email": "a b@mherman.org"},
        {"username": "michael", "email": "m" * 117 + "@example.com"},
        {"username": "nul\x00byte", "email": "michael@mherman.org"},
    ],
    ids=lambda payload: repr(payload)[:40],
)
def test_add_user_invalid_payload(client: FlaskClient, app: APIFlask, payload: Any) -> None:
    response = client.post("/users", json=payload)
    assert response.status_code == 400
    assert response.get_json() == {"status": "fail", "message": "Invalid payload."}
    assert user_rows(app) == []


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b'{"username": "michael",}',
        b"[]",
        b'["michael"]',
        b"null",
        b"42",
        b'"michael"',
        b"\xff\xfe",
        b'{"username": "m", "email": "m@x.com"',
        b'{"username": "lone \\ud800 surrogate", "email": "m@x.com"}',
        b'{"username": NaN, "email": "m@x.com"}',
    ],
    ids=repr,
)
def test_add_user_malformed_json(client: FlaskClient, app: APIFlask, body: bytes) -> None:
    response = client.post("/users", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json() == {"status": "fail", "message": "Invalid payload."}
    assert user_rows(app) == []


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_add_user_wrong_content_type(client: FlaskClient, app: APIFlask, content_type: str) -> None:
    response = client.post(
        "/users", data='{"username": "m", "email": "m@x.com"}', content_type=content_type
    )
    assert response.status_code == 415
    body = response.get_json()
    assert body["status"] == "fail"
    assert "Invalid payload." in body["message"]
    assert user_rows(app) == []


def test_add_user_without_body_or_content_type(client: FlaskClient) -> None:
    response = client.post("/users")
    assert response.status_code == 400
    assert response.get_json() == {"status": "fail", "message": "Invalid payload."}


def test_add_user_ignores_unknown_keys(client: FlaskClient) -> None:
    response = client.post(
        "/users",
        json={"username": "m", "email": "m@x.com", "active": True, "id": 99, "admin": True},
    )
    assert response.status_code == 201
    assert response.get_json()["data"]["active"] is False
    assert response.get_json()["data"]["id"] != 99


@pytest.mark.parametrize(
    "second",
    ["michael@mherman.org", "MICHAEL@MHERMAN.ORG", "Michael@mherman.org", " michael@mherman.org "],
)
def test_add_user_duplicate_email(client: FlaskClient, app: APIFlask, second: str) -> None:
    assert add(client).status_code == 201
    response = add(client, "other", second)
    assert response.status_code == 400
    assert response.get_json() == {"status": "fail", "message": "Sorry. That email already exists."}
    assert len(user_rows(app)) == 1


def test_emails_differing_only_by_accent_are_distinct(client: FlaskClient) -> None:
    """Only case is folded, on every database (MySQL's default collation would fold accents)."""
    assert add(client, "a", "jose@example.com").status_code == 201
    assert add(client, "b", "josé@example.com").status_code == 201


def test_max_lengths_accepted(client: FlaskClient) -> None:
    username = "ü" * 128
    email = "m" * 116 + "@example.com"
    assert len(email) == 128
    response = add(client, username, email)
    assert response.status_code == 201
    user_id = response.get_json()["data"]["id"]
    data = client.get(f"/users/{user_id}").get_json()["data"]
    assert (data["username"], data["email"]) == (username, email)


@pytest.mark.parametrize(
    "username",
    [
        "Zoë",
        "山田太郎",
        "😀 emoji 🚀",
        "Ωμέγα",
        "עברית",
        "'; DROP TABLE users; --",
        "Robert'); DELETE FROM users WHERE ('1'='1",
        '" OR 1=1 --',
        "\\x00\\n%_",
        "<script>alert(1)</script>",
        "tab\tinside",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    ],
)
def test_unicode_and_sql_metacharacters_round_trip(
    client: FlaskClient, app: APIFlask, username: str
) -> None:
    response = add(client, username, "user@example.com")
    assert response.status_code == 201
    user_id = response.get_json()["data"]["id"]
    assert client.get(f"/users/{user_id}").get_json()["data"]["username"] == username
    assert [row.username for row in user_rows(app)] == [username]


def test_get_single_user(client: FlaskClient) -> None:
    created = add(client).get_json()["data"]
    response = client.get(f"/users/{created['id']}")
    assert response.status_code == 200
    assert response.get_json() == {"status": "success", "data": created}


@pytest.mark.parametrize("raw", ["abc", "1.5", "1e3", "%201", "+1", "0x1", "١", "--1", "1a"])
def test_get_single_user_param_error(client: FlaskClient, raw: str) -> None:
    response = client.get(f"/users/{raw}")
    assert response.status_code == 400
    assert response.get_json() == {"status": "fail", "message": "Param id error"}


@pytest.mark.parametrize(
    "raw",
    [
        "999",
        "0",
        "-1",
        "-99999999999999999999",
        "9223372036854775807",
        "9223372036854775808",
        "99999999999999999999",
        "9" * 400,
        "9" * 5000,  # past what Python reads as an integer
        "-" + "9" * 5000,
    ],
)
def test_get_single_user_does_not_exist(client: FlaskClient, raw: str) -> None:
    response = client.get(f"/users/{raw}")
    assert response.status_code == 404
    assert response.get_json() == {"status": "fail", "message": "User does not exist"}


def test_get_all_users_oldest_first(client: FlaskClient) -> None:
    first = add(client, "michael", "michael@mherman.org").get_json()["data"]
    second = add(client, "fletcher", "fletcher@notreal.com").get_json()["data"]
    response = client.get("/users")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "success"
    assert body["data"]["users"] == [first, second]
    assert body["data"]["next_cursor"] is None
    assert "Link" not in response.headers


def test_get_all_users_empty(client: FlaskClient) -> None:
    body = client.get("/users").get_json()
    assert body == {"status": "success", "data": {"users": [], "next_cursor": None, "limit": 50}}


def test_list_default_and_clamped_limits(client: FlaskClient, app: APIFlask) -> None:
    add_users(app, [{"username": f"u{n}", "email": f"u{n}@example.com"} for n in range(120)])
    assert len(client.get("/users").get_json()["data"]["users"]) == 50
    clamped = client.get("/users?limit=1000").get_json()["data"]
    assert (len(clamped["users"]), clamped["limit"]) == (100, 100)
    assert (
        len(client.get("/users?limit=99999999999999999999999").get_json()["data"]["users"]) == 100
    )
    assert len(client.get("/users?limit=7").get_json()["data"]["users"]) == 7


def test_list_link_header_points_at_next_page(client: FlaskClient, app: APIFlask) -> None:
    add_users(app, [{"username": f"u{n}", "email": f"u{n}@example.com"} for n in range(5)])
    first = client.get("/users?limit=2")
    cursor = first.get_json()["data"]["next_cursor"]
    match = re.fullmatch(r'<http://localhost(/users\?[^>]+)>; rel="next"', first.headers["Link"])
    assert match is not None
    assert f"cursor={cursor}" in match.group(1)
    following = client.get(match.group(1)).get_json()["data"]["users"]
    assert [user["username"] for user in following] == ["u2", "u3"]


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=-1",
        "limit=abc",
        "limit=",
        "limit=1.5",
        "cursor=",
        "cursor=abc",
        "cursor=%00",
        "cursor=YWZ0ZXI6LTE",
        "cursor=YWZ0ZXI6OTk5OTk5OTk5OTk5OTk5OTk5OTk5",
        "cursor=" + "A" * 5000,
    ],
)
def test_list_malformed_query(client: FlaskClient, query: str) -> None:
    response = client.get(f"/users?{query}")
    assert response.status_code == 400
    assert response.get_json() == {"status": "fail", "message": "Invalid payload."}
