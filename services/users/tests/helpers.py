"""Small helpers shared by the tests."""

from __future__ import annotations

from typing import Any

from apiflask import APIFlask
from flask.testing import FlaskClient

from users.accounts import make_admin

PASSWORD = "correct horse battery staple"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def register(
    client: FlaskClient,
    email: str = "michael@mherman.org",
    password: str = PASSWORD,
    username: str = "michael",
) -> Any:
    return client.post(
        "/auth/register", json={"username": username, "email": email, "password": password}
    )


def log_in(client: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    return client.post("/auth/login", json={"email": email, "password": password})


def tokens_of(response: Any) -> tuple[str, str]:
    body = response.get_json()
    assert response.status_code in {200, 201}, body
    return body["auth_token"], body["refresh_token"]


def admin_token(app: APIFlask, client: FlaskClient, email: str = "admin@example.com") -> str:
    with app.app_context():
        make_admin(username="admin", email=email, password=PASSWORD)
    return tokens_of(log_in(client, email))[0]
