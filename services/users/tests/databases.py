"""The real databases the suite runs on, and throwaway databases created on them.

SQLite always runs. MariaDB and PostgreSQL run when their server answers at the URL in
`TEST_MARIADB_URL` / `TEST_POSTGRES_URL` (defaults: the local servers). When
`REQUIRE_TEST_DATABASES=1` or `CI=true`, a missing server fails the run instead of skipping.
Every database this suite creates gets a random suffix and is dropped afterwards; no other
database is touched.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy.engine import URL, make_url

from users import create_app
from users.config import TestingConfig
from users.queries import MIGRATIONS_DIR, dispose_connections

SERVER_URLS = {
    "mariadb": ("TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306/users_test"),
    "postgresql": ("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/users_test"),
}
DATABASE_NAMES = ["sqlite", *SERVER_URLS]


def head_revision() -> str | None:
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def databases_required() -> bool:
    return (
        os.environ.get("CI", "").lower() == "true"
        or os.environ.get("REQUIRE_TEST_DATABASES") == "1"
    )


def server_url(name: str) -> URL:
    variable, default = SERVER_URLS[name]
    return make_url(os.environ.get(variable) or default)


def _admin_engine(url: URL) -> sa.Engine:
    """A connection to the server itself, outside any database this suite creates."""
    admin_db = "postgres" if url.get_backend_name() == "postgresql" else "mysql"
    return sa.create_engine(
        url.set(database=admin_db), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool
    )


def check_server(name: str) -> str | None:
    """None if the server answers, else why not."""
    try:
        with _admin_engine(server_url(name)).connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        return f"{name} at {server_url(name).render_as_string()} is unreachable: {error}"
    return None


def require_server(name: str) -> None:
    """Fail (in CI) or skip (elsewhere) unless the database server `name` answers."""
    if problem := check_server(name):
        if databases_required():
            pytest.fail(problem)
        pytest.skip(problem)


@contextmanager
def throwaway_database(name: str, directory: Path) -> Iterator[str]:
    """Create an empty database, yield its URL, drop it."""
    if name == "sqlite":
        path = directory / f"users-{secrets.token_hex(4)}.db"
        yield f"sqlite:///{path}"
        path.unlink(missing_ok=True)
        return
    url = server_url(name)
    database = f"{url.database or 'users_test'}_{secrets.token_hex(4)}"
    quote = '"' if name == "postgresql" else "`"
    engine = _admin_engine(url)
    with engine.connect() as connection:
        if name == "mariadb":
            connection.execute(
                sa.text(
                    f"CREATE DATABASE {quote}{database}{quote} "
                    "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
                )
            )
        else:
            connection.execute(sa.text(f"CREATE DATABASE {quote}{database}{quote}"))
    try:
        yield url.set(database=database).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            if name == "postgresql":
                connection.execute(
                    sa.text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": database},
                )
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {quote}{database}{quote}"))
        engine.dispose()


@contextmanager
def migrated_database(name: str, directory: Path) -> Iterator[str]:
    """A throwaway database migrated to head: what every test that needs tables starts from."""
    with throwaway_database(name, directory) as url:
        app = create_app(TestingConfig(database_url=url))
        with app.app_context():
            upgrade()
            dispose_connections()
        yield url
