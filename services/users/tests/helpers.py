"""Small helpers shared by the tests: requests a test makes often, and reading or writing the
database around the app under test (through the app's own queries)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from apiflask import APIFlask
from flask.testing import FlaskClient

from users import queries
from users.accounts import make_admin
from users.mail import WORKERS
from users.queries import UserRecord

PASSWORD = "correct horse battery staple"
# The `make_app` fixture: builds an app on the test's database with some settings changed.
AppFactory = Callable[..., APIFlask]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def register(
    client: FlaskClient,
    email: str = "michael@mherman.org",
    password: str = PASSWORD,
    username: str = "michael",
    headers: dict[str, str] | None = None,
) -> Any:
    return client.post(
        "/auth/register",
        json={"username": username, "email": email, "password": password},
        headers=headers,
    )


def log_in(client: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    return client.post("/auth/login", json={"email": email, "password": password})


def tokens_of(response: Any) -> tuple[str, str]:
    body = response.get_json()
    assert response.status_code in {200, 201}, body
    return body["auth_token"], body["refresh_token"]


def finish_background_work(app: APIFlask) -> None:
    """Wait until what the app started off the request thread (`users.mail`) is done: one
    job per worker that waits for all the others can only run once every worker is free."""
    pool = app.extensions["mail"].pool
    everyone = threading.Barrier(WORKERS)
    for job in [pool.submit(everyone.wait) for _ in range(WORKERS)]:
        job.result(timeout=30)


def admin_token(app: APIFlask, client: FlaskClient, email: str = "admin@example.com") -> str:
    with app.app_context():
        make_admin(username="admin", email=email, password=PASSWORD)
    return tokens_of(log_in(client, email))[0]


def add_users(app: APIFlask, rows: list[dict[str, Any]]) -> None:
    """Insert users straight into the database (inactive, without passwords)."""
    with app.app_context(), queries.transaction() as connection:
        queries.insert_users(connection, rows)


def stored_user(app: APIFlask, user_id: int) -> UserRecord | None:
    with app.app_context(), queries.connect() as connection:
        return queries.user_by_id(connection, user_id)


def stored_user_by_email(app: APIFlask, email: str) -> UserRecord:
    with app.app_context(), queries.connect() as connection:
        found = queries.user_by_email(connection, email)
    assert found is not None, email
    return found


def stored_password_hash(app: APIFlask, email: str) -> str | None:
    user_id = stored_user_by_email(app, email)["id"]
    with app.app_context(), queries.connect() as connection:
        return queries.stored_password_hash(connection, user_id)


def stored_users(app: APIFlask) -> list[UserRecord]:
    """Every user, oldest first."""
    with app.app_context(), queries.connect() as connection:
        return queries.users_after(connection, after_id=0, limit=2**31)


def execute(app: APIFlask, statement: sa.Executable) -> None:
    """Change the database behind the app's back, as another program could."""
    with app.app_context(), queries.transaction() as connection:
        connection.execute(statement)
