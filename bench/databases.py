"""Throw-away databases for one run: created empty, migrated and seeded by the app's own
commands, counted, and dropped at the end. Only databases named `users_bench_*` are touched."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

# The servers this machine runs; each database is created inside one of them. "mariadb" uses
# mysqlclient, the driver of the production image; "mariadb-pymysql" the pure-Python one.
SERVER_URLS = {
    "mariadb": "mysql+mysqldb://root@127.0.0.1:3306",
    "mariadb-pymysql": "mysql+pymysql://root@127.0.0.1:3306",
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:5432",
}
KINDS = ("mariadb", "mariadb-pymysql", "postgresql", "sqlite")
SEED_TIMEOUT_S = 600
# `seed-db` always adds the course's two users before the generated ones.
COURSE_USERS = 2


@dataclass(frozen=True)
class Database:
    kind: str
    name: str
    sqlite_dir: Path

    @property
    def url(self) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{self.sqlite_dir / self.name}.db"
        return f"{SERVER_URLS[self.kind]}/{self.name}"

    def scalar(self, sql: str) -> int:
        engine = sa.create_engine(self.url)
        try:
            with engine.connect() as connection:
                return int(connection.execute(sa.text(sql)).scalar_one())
        finally:
            engine.dispose()

    def count_users(self) -> int:
        return self.scalar("SELECT count(*) FROM users")

    def max_user_id(self) -> int:
        return self.scalar("SELECT max(id) FROM users")


@contextmanager
def fresh_database(kind: str, name: str, sqlite_dir: Path) -> Iterator[Database]:
    """An empty database that is dropped when the block ends, however it ends."""
    if not name.startswith("users_bench_"):
        raise ValueError(f"refusing to manage a database not named users_bench_*: {name}")
    database = Database(kind, name, sqlite_dir)
    _drop(database)
    _create(database)
    try:
        yield database
    finally:
        _drop(database)


def seed(
    database: Database, users: int, *, flask: Path, cwd: Path, env: Mapping[str, str]
) -> float:
    """Migrate and seed with the app's own commands until the table holds `users` rows;
    returns the seconds that seeding took."""
    env = dict(env, DATABASE_URL=database.url)
    _flask(flask, cwd, env, "db", "upgrade")
    started = time.monotonic()
    _flask(flask, cwd, env, "seed-db", "--count", str(users - COURSE_USERS))
    seconds = time.monotonic() - started
    _analyze(database)
    return seconds


def _flask(flask: Path, cwd: Path, env: Mapping[str, str], *args: str) -> None:
    done = subprocess.run(
        [str(flask), "--app", "users.wsgi", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=SEED_TIMEOUT_S,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stderr[-4000:]}")


def _analyze(database: Database) -> None:
    """Fresh planner statistics, as after any bulk load."""
    statement = "ANALYZE TABLE users" if database.kind.startswith("mariadb") else "ANALYZE users"
    engine = sa.create_engine(database.url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(statement)).close()
    finally:
        engine.dispose()


def _on_server(kind: str, statement: str) -> None:
    """Run one statement on the server itself. PostgreSQL creates and drops databases only
    outside a transaction, from another database."""
    url = SERVER_URLS[kind] + ("/postgres" if kind == "postgresql" else "/")
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(statement))
    finally:
        engine.dispose()


def _create(database: Database) -> None:
    if database.kind == "sqlite":
        database.sqlite_dir.mkdir(parents=True, exist_ok=True)
        return
    _on_server(database.kind, f"CREATE DATABASE {database.name}")


def _drop(database: Database) -> None:
    if database.kind == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database.sqlite_dir / database.name}.db{suffix}").unlink(missing_ok=True)
        return
    force = " WITH (FORCE)" if database.kind == "postgresql" else ""
    _on_server(database.kind, f"DROP DATABASE IF EXISTS {database.name}{force}")
