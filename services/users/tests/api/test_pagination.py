"""Keyset pagination: every user exactly once, in order, however the table changes."""

from __future__ import annotations

from apiflask import APIFlask
from flask.testing import FlaskClient

from tests.helpers import add_users

TOTAL = 3000


def seed(app: APIFlask, count: int) -> None:
    add_users(app, [{"username": f"u{n}", "email": f"u{n}@example.com"} for n in range(count)])


def walk(client: FlaskClient, limit: int) -> list[int]:
    ids: list[int] = []
    url: str | None = f"/users?limit={limit}"
    pages = 0
    while url is not None:
        response = client.get(url)
        assert response.status_code == 200
        data = response.get_json()["data"]
        assert len(data["users"]) <= limit
        ids.extend(user["id"] for user in data["users"])
        cursor = data["next_cursor"]
        url = None if cursor is None else f"/users?limit={limit}&cursor={cursor}"
        pages += 1
        assert pages <= TOTAL  # a cursor that loops would never end
    return ids


def test_walking_every_page_returns_each_user_once(client: FlaskClient, app: APIFlask) -> None:
    seed(app, TOTAL)
    for limit in (100, 37):
        ids = walk(client, limit)
        assert len(ids) == TOTAL
        assert len(set(ids)) == TOTAL
        assert ids == sorted(ids)


def test_users_added_during_a_walk_appear_at_the_end(client: FlaskClient, app: APIFlask) -> None:
    seed(app, 10)
    first = client.get("/users?limit=5").get_json()["data"]
    client.post("/users", json={"username": "late", "email": "late@example.com"})
    rest = client.get(f"/users?limit=100&cursor={first['next_cursor']}").get_json()["data"]
    names = [user["username"] for user in first["users"] + rest["users"]]
    assert names == [f"u{n}" for n in range(10)] + ["late"]
    assert rest["next_cursor"] is None


def test_last_full_page_has_no_next_cursor(client: FlaskClient, app: APIFlask) -> None:
    seed(app, 4)
    first = client.get("/users?limit=2").get_json()["data"]
    second = client.get(f"/users?limit=2&cursor={first['next_cursor']}").get_json()["data"]
    assert len(second["users"]) == 2 and second["next_cursor"] is None
