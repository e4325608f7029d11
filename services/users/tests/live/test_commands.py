"""Commands as the README and the compose files run them: `python manage.py ...` and
`flask --app users.wsgi ...` in a process of their own, on databases of the test's own."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.databases import throwaway_database
from tests.helpers import PASSWORD
from tests.servers import SERVICE_DIR, free_port, running

pytestmark = pytest.mark.server


def manage(*args: str, database: Path) -> subprocess.CompletedProcess[str]:
    """`python manage.py ...` in development on `database`, as the course runs it."""
    return command(sys.executable, "manage.py", *args, env=development_env(database))


def development_env(database: Path, **extra: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if k not in {"APP_SETTINGS", "SECRET_KEY"}}
    return {
        **inherited,
        "DATABASE_URL": f"sqlite:///{database}",
        "APP_ENV": "development",
        "INSTANCE_PATH": str(database.parent),  # the generated key too stays out of the tree
        **extra,
    }


def command(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=SERVICE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
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


def test_manage_py_test_never_touches_the_development_database(tmp_path: Path) -> None:
    """Tests that write (seeding, create-admin) run under the testing configuration on their
    own databases, whatever the development settings say."""
    development = tmp_path / "dev.db"
    result = manage(
        "test",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/test_cli.py",
        "-k",
        "sqlite and (seed_db or create_admin) and not manage_py",
        database=development,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"\b\d+ passed", result.stdout), result.stdout[-1000:]
    assert not development.exists()


def test_manage_py_runserver_serves_on_host_and_port(tmp_path: Path) -> None:
    port = free_port()
    env = development_env(tmp_path / "dev.db", HOST="127.0.0.1", PORT=str(port))
    manage("recreate_db", database=tmp_path / "dev.db")
    command = [sys.executable, "manage.py", "runserver"]
    with running(command, port=port, env=env, log=tmp_path / "runserver.log"):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/users") as response:
            assert json.load(response)["data"]["users"] == []  # from the migrated database


def test_seed_db_skips_users_that_exist_and_count_still_adds(tmp_path: Path) -> None:
    database = tmp_path / "seed.db"
    assert manage("recreate_db", database=database).returncode == 0
    first = manage("seed_db", "--count", "3", database=database)
    assert first.returncode == 0, first.stderr
    assert "Seeded 5 users." in first.stdout
    again = manage("seed_db", "--count", "3", database=database)
    assert again.returncode == 0, again.stderr
    assert "Seeded 3 users (2 of the course's users existed already)." in again.stdout
    engine = sa.create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        emails = connection.execute(sa.text("SELECT email FROM users")).scalars().all()
    engine.dispose()
    assert len(emails) == len(set(emails)) == 8


def test_manage_py_create_admin(tmp_path: Path) -> None:
    database = tmp_path / "admin.db"
    assert manage("recreate_db", database=database).returncode == 0
    env_result = command(
        sys.executable,
        *("manage.py", "create_admin", "--username", "boss", "--email", "boss@example.com"),
        env=development_env(database, ADMIN_PASSWORD=PASSWORD),
    )
    assert env_result.returncode == 0, env_result.stderr
    engine = sa.create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT admin FROM users")).scalar() == 1
    engine.dispose()


FLASK = str(Path(sys.executable).parent / "flask")
COMMANDS_AS_DOCUMENTED = [
    (FLASK, "--app", "users.wsgi", "db", "upgrade"),
    (FLASK, "--app", "users.wsgi", "seed-db"),
    (sys.executable, "manage.py", "recreate_db"),
    (sys.executable, "manage.py", "seed_db"),
    (sys.executable, "manage.py", "create_admin", "--username", "a", "--email", "a@example.com"),
]


@pytest.mark.parametrize(
    ("settings", "error"),
    [
        (
            {"APP_SETTINGS": "users.config.ProductionConfig", "SECRET_KEY": "too short"},
            "Error: SECRET_KEY must be at least 32 characters",
        ),
        (
            {"DATABASE_URL": "mysql+pymysql://root@127.0.0.1:1/users"},
            "Error: Database error: (2003",
        ),
        (
            {"DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:1/users"},
            "Error: Database error: connection failed",
        ),
        (
            {"DATABASE_URL": "sqlite:////nonexistent/dir/users.db"},
            "Error: Database error: unable to open database file",
        ),
    ],
    ids=["short-secret", "mariadb-down", "postgresql-down", "sqlite-unwritable"],
)
@pytest.mark.parametrize("args", COMMANDS_AS_DOCUMENTED, ids=lambda args: " ".join(args[1:4]))
def test_commands_explain_a_users_mistake_in_one_line(
    tmp_path: Path, args: tuple[str, ...], settings: dict[str, str], error: str
) -> None:
    env = development_env(tmp_path / "unused.db", ADMIN_PASSWORD=PASSWORD, **settings)
    result = command(*args, env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(error), result.stderr


@pytest.mark.parametrize(
    "args",
    [
        (FLASK, "--app", "users.wsgi", "seed-db"),
        (sys.executable, "manage.py", "create_admin", "--username", "a", "--email", "a@b.co"),
    ],
    ids=["flask seed-db", "manage.py create_admin"],
)
def test_commands_on_a_database_not_yet_migrated_say_so_in_one_line(
    tmp_path: Path, database_name: str, args: tuple[str, ...]
) -> None:
    """A new, empty database of each kind: every table is missing."""
    with throwaway_database(database_name, tmp_path) as empty:
        env = development_env(tmp_path / "unused.db", ADMIN_PASSWORD=PASSWORD, DATABASE_URL=empty)
        result = command(*args, env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: Database error: "), result.stderr
    assert "users" in lines[0]  # names the missing table
