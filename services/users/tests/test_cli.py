"""Commands, run in-process through Flask's test runner (tests/live/test_commands.py runs them
as the README and the compose files do)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from apiflask import APIFlask
from flask.testing import FlaskCliRunner

from tests.databases import head_revision
from tests.helpers import PASSWORD, add_users, bearer, log_in, stored_users, tokens_of
from users import create_app
from users.config import ProductionConfig
from users.extensions import db
from users.queries import dispose_connections


def usernames(app: APIFlask) -> list[str]:
    return [user["username"] for user in stored_users(app)]


def test_seed_db_adds_the_course_users(app: APIFlask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["seed-db"])
    assert result.exit_code == 0, result.output
    assert usernames(app) == ["michael", "michaelherman"]


def test_seed_db_adds_generated_users_in_bulk(app: APIFlask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["seed-db", "--count", "25"])
    assert result.exit_code == 0, result.output
    assert "Seeded 27 users." in result.output
    assert len(usernames(app)) == 27


def test_recreate_db_empties_every_table(app: APIFlask, runner: FlaskCliRunner) -> None:
    add_users(app, [{"username": "gone", "email": "gone@example.com"}])
    result = runner.invoke(args=["recreate-db"])
    assert result.exit_code == 0, result.output
    assert usernames(app) == []
    with app.app_context(), db.engine.connect() as connection:
        revision = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    assert revision == head_revision()


def test_recreate_db_is_refused_in_production_unless_forced(
    app: APIFlask, database_url: str
) -> None:
    add_users(app, [{"username": "precious", "email": "precious@example.com"}])
    production = create_app(ProductionConfig(secret_key="p" * 40, database_url=database_url))
    runner = production.test_cli_runner()
    refused = runner.invoke(args=["recreate-db"])
    assert refused.exit_code != 0
    assert "Refusing to destroy the production database" in refused.output
    assert usernames(app) == ["precious"]
    forced = runner.invoke(args=["recreate-db", "--force"])
    assert forced.exit_code == 0, forced.output
    assert usernames(app) == []
    with production.app_context():
        dispose_connections()


def test_create_admin(app: APIFlask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["create-admin", "--username", "root", "--email", "Root@Example.com"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Root@Example.com is an admin" in result.output
    assert PASSWORD not in result.output
    client = app.test_client()
    access = tokens_of(log_in(client, "root@example.com"))[0]
    data = client.get("/auth/status", headers=bearer(access)).get_json()["data"]
    assert (data["admin"], data["active"]) == (True, True)


def test_create_admin_promotes_an_existing_user(app: APIFlask, runner: FlaskCliRunner) -> None:
    add_users(app, [{"username": "plain", "email": "plain@example.com"}])
    result = runner.invoke(
        args=["create-admin", "--username", "x", "--email", "PLAIN@example.com"],
        env={"ADMIN_PASSWORD": PASSWORD},
    )
    assert result.exit_code == 0, result.output
    assert usernames(app) == ["plain"]
    access = tokens_of(log_in(app.test_client(), "plain@example.com"))[0]
    status = app.test_client().get("/auth/status", headers=bearer(access)).get_json()["data"]
    assert status["admin"] is True


@pytest.mark.parametrize(
    ("email", "password", "error"),
    [
        ("not-an-email", PASSWORD, "Invalid email."),
        ("a@example.com", "short", "Invalid password."),
        ("a@example.com", "password123", "Password is too common."),
    ],
)
def test_create_admin_refuses_bad_input(
    app: APIFlask, runner: FlaskCliRunner, email: str, password: str, error: str
) -> None:
    result = runner.invoke(
        args=["create-admin", "--username", "x", "--email", email, "--password", password]
    )
    assert result.exit_code != 0
    assert error in result.output
    assert usernames(app) == []
