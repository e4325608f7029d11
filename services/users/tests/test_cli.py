"""Commands: the Flask CLI ones and the course's `python manage.py ...` aliases."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from apiflask import APIFlask
from flask.testing import FlaskCliRunner

from tests.conftest import SERVICE_DIR
from tests.databases import head_revision
from tests.helpers import PASSWORD, bearer, log_in, tokens_of
from users import create_app
from users.config import ProductionConfig
from users.extensions import db
from users.models import User, add_users


def usernames(app: APIFlask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(User.username).order_by(User.id)))


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
    with app.app_context():
        add_users([{"username": "gone", "email": "gone@example.com"}])
    result = runner.invoke(args=["recreate-db"])
    assert result.exit_code == 0, result.output
    assert usernames(app) == []
    with app.app_context(), db.engine.connect() as connection:
        revision = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    assert revision == head_revision()


def test_recreate_db_is_refused_in_production_unless_forced(
    app: APIFlask, database_url: str
) -> None:
    with app.app_context():
        add_users([{"username": "precious", "email": "precious@example.com"}])
    production = create_app(
        ProductionConfig, {"SECRET_KEY": "p" * 40, "SQLALCHEMY_DATABASE_URI": database_url}
    )
    runner = production.test_cli_runner()
    refused = runner.invoke(args=["recreate-db"])
    assert refused.exit_code != 0
    assert "Refusing to destroy the production database" in refused.output
    assert usernames(app) == ["precious"]
    forced = runner.invoke(args=["recreate-db", "--force"])
    assert forced.exit_code == 0, forced.output
    assert usernames(app) == []
    with production.app_context():
        db.engine.dispose()


def manage(*args: str, database: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "APP_ENV": "development"}
    env.pop("APP_SETTINGS", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=SERVICE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_manage_py_course_commands(tmp_path: Path) -> None:
    database = tmp_path / "course.db"
    assert manage("recreate_db", database=database).returncode == 0
    seeded = manage("seed_db", database=database)
    assert seeded.returncode == 0 and "Seeded 2 users." in seeded.stdout
    engine = sa.create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM users")).scalar() == 2
    engine.dispose()
    upgraded = manage("db", "upgrade", database=database)
    assert upgraded.returncode == 0, upgraded.stderr


def test_manage_py_test_runs_pytest(tmp_path: Path) -> None:
    result = manage(
        "test", "--collect-only", "-q", "tests/test_config.py", database=tmp_path / "x.db"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "test_production_refuses_to_start_without_its_own_secret" in result.stdout


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
    with app.app_context():
        add_users([{"username": "plain", "email": "plain@example.com"}])
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


def test_manage_py_create_admin(tmp_path: Path) -> None:
    database = tmp_path / "admin.db"
    assert manage("recreate_db", database=database).returncode == 0
    env_result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "create_admin",
            "--username",
            "boss",
            "--email",
            "boss@example.com",
        ],
        cwd=SERVICE_DIR,
        env={
            **os.environ,
            "DATABASE_URL": f"sqlite:///{database}",
            "APP_ENV": "development",
            "ADMIN_PASSWORD": PASSWORD,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert env_result.returncode == 0, env_result.stderr
    engine = sa.create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT admin FROM users")).scalar() == 1
    engine.dispose()
