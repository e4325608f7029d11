"""Every statement the service runs, in one style: SQLAlchemy Core on the connection the caller
passes in, each function small, typed and keyword-only after the connection. A user always
comes back as a `UserRecord` dict.

No function here commits. `transaction()` and `connect()` hand out the connections: the use
cases in `users.accounts` open a transaction around the writes that belong together (leaving
the block commits, an exception rolls back); reads take a plain connection.

Why Core and not the ORM session: the session's identity map and unit of work cost more than
the queries themselves (a `POST /users` A/B of quick benchmark runs: 1,467 and 1,306 req/s
through the session, 2,387 and 1,695 with one Core INSERT), and pydantic validates dicts
several times faster than row objects. The statements are built once; a call only binds values.

A `UserRecord` has no password hash: only the checks that need one read it
(`user_and_password_hash_by_email`, `stored_password_hash`). Besides keeping the hash out of
everything a view touches, this keeps `GET /users/<id>` and the lists from fetching it: a
column fewer per statement (MariaDB sends every column's description with each result, and an
argon2id hash is about 100 characters), measured in-process with PyMySQL as 1,372 -> 1,316
function calls per `GET /users/<id>`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypedDict, cast

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from users import metrics
from users.config import Settings
from users.exceptions import EmailTaken, KeyClaimed, UserNotFound
from users.extensions import db
from users.outages import Database
from users.tables import (
    MAX_ID,
    email_key,
    idempotency_keys,
    login_sessions,
    password_resets,
    users,
    utc_now,
)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 5000


class UserRecord(TypedDict):
    id: int
    username: str
    email: str
    active: bool
    created_at: datetime
    admin: bool


COLUMNS = tuple(UserRecord.__annotations__)
UPDATABLE = frozenset({"username", "email", "active", "admin", "password_hash"})


def configure_engine(app: Flask, settings: Settings) -> None:
    """Guard the engine against outages (`users.outages`); SQLite needs its folder and some
    tuning."""
    with app.app_context():
        engine = db.engine
    if settings.database_uri.startswith("sqlite"):
        if settings.database_url is None:
            settings.instance_path.mkdir(parents=True, exist_ok=True)
        sa.event.listen(engine, "connect", _tune_sqlite)
    app.extensions["database"] = Database.guard(
        engine,
        timeout=settings.database_timeout,
        connect_timeout=settings.database_connect_timeout,
        cool_down=settings.outage_cool_down,
        idle_ping=settings.database_idle_ping,
        connect_args=settings.engine_options.get("connect_args", {}),
    )
    metrics.count_pool_use(engine)


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers run beside a writer; concurrent writers wait (5 s: a 503 after that)
    instead of failing. SQLite enforces foreign keys (deleting a user deletes its login
    sessions) only when asked, per connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def connect() -> AbstractContextManager[Connection]:
    """A pooled connection for reads."""
    return _database().connection(transaction=False)


def transaction() -> AbstractContextManager[Connection]:
    """A connection in a transaction that commits when the `with` block ends normally."""
    return _database().connection(transaction=True)


def dispose_connections() -> None:
    """Close the current app's database connections (a test's app, done with)."""
    _database().dispose()


def _database() -> Database:
    found: Database = current_app.extensions["database"]
    return found


_USER = sa.select(*(users.c[name] for name in COLUMNS))
_BY_ID = _USER.where(users.c.id == sa.bindparam("user_id"))
_BY_EMAIL_KEY = _USER.where(users.c.email_key == sa.bindparam("key"))
_WITH_HASH_BY_EMAIL_KEY = _BY_EMAIL_KEY.add_columns(users.c.password_hash)
_HASH_BY_ID = sa.select(users.c.password_hash).where(users.c.id == sa.bindparam("user_id"))
_AFTER = (
    _USER.where(users.c.id > sa.bindparam("after_id"))
    .order_by(users.c.id)
    .limit(sa.bindparam("limit"))
)
_NEWEST = _USER.order_by(users.c.id.desc()).limit(sa.bindparam("limit"))
_BEFORE = _NEWEST.where(users.c.id < sa.bindparam("before_id"))
_SESSION_USER = _USER.join(login_sessions, login_sessions.c.user_id == users.c.id).where(
    login_sessions.c.id == sa.bindparam("session_id"),
    login_sessions.c.user_id == sa.bindparam("user_id"),
    login_sessions.c.expires_at > sa.bindparam("now"),
    users.c.active,
)


def _records(connection: Connection, query: sa.Select[Any], **values: Any) -> list[UserRecord]:
    # Not `strict=True`: every statement here selects COLUMNS themselves, and the
    # check cost 0.2 µs a row, 10 µs a page of 50 (timeit).
    rows = connection.execute(query, values)
    return [cast(UserRecord, dict(zip(COLUMNS, row, strict=False))) for row in rows]


def _first(records: list[UserRecord]) -> UserRecord | None:
    return records[0] if records else None


@contextmanager
def _email_taken_on_conflict(email: str) -> Iterator[None]:
    """`email_key` is the only unique column a write can collide on (every other value is
    validated first), so an integrity error means the address is taken."""
    try:
        yield
    except IntegrityError as error:
        raise EmailTaken(email) from error


# Users


def user_by_id(connection: Connection, user_id: int) -> UserRecord | None:
    if not 0 < user_id <= MAX_ID:
        return None
    return _first(_records(connection, _BY_ID, user_id=user_id))


def user_by_email(connection: Connection, email: str) -> UserRecord | None:
    return _first(_records(connection, _BY_EMAIL_KEY, key=email_key(email)))


def user_and_password_hash_by_email(
    connection: Connection, email: str
) -> tuple[UserRecord, str | None] | None:
    """For a login: the user and its hash in one query, so that an unknown address costs the
    same round trips as a known one."""
    row = connection.execute(_WITH_HASH_BY_EMAIL_KEY, {"key": email_key(email)}).first()
    if row is None:
        return None
    *record, password_hash = row
    return cast(UserRecord, dict(zip(COLUMNS, record, strict=False))), password_hash


def stored_password_hash(connection: Connection, user_id: int) -> str | None:
    """The user's password hash (None: it has none), or `UserNotFound`."""
    row = connection.execute(_HASH_BY_ID, {"user_id": user_id}).first()
    if row is None:
        raise UserNotFound(user_id)
    hashed: str | None = row[0]
    return hashed


def users_after(connection: Connection, *, after_id: int, limit: int) -> list[UserRecord]:
    """Up to `limit` users created after `after_id`, oldest first: one primary-key range."""
    return _records(connection, _AFTER, after_id=after_id, limit=limit)


def users_before(connection: Connection, *, before_id: int | None, limit: int) -> list[UserRecord]:
    """Up to `limit` users created before `before_id` (or the newest), newest first."""
    if before_id is None:
        return _records(connection, _NEWEST, limit=limit)
    return _records(connection, _BEFORE, before_id=before_id, limit=limit)


def insert_user(
    connection: Connection,
    *,
    username: str,
    email: str,
    active: bool = False,
    admin: bool = False,
    password_hash: str | None = None,
) -> UserRecord:
    """One INSERT, or `EmailTaken`: the unique index decides, so racing requests with one
    address create exactly one user."""
    values = {
        "username": username,
        "email": email,
        "email_key": email_key(email),
        "active": active,
        "admin": admin,
        "password_hash": password_hash,
        "created_at": utc_now(),
    }
    with _email_taken_on_conflict(email):
        inserted = connection.execute(sa.insert(users), values).inserted_primary_key
    assert inserted is not None  # always there after a single-row INSERT
    record = {name: values[name] for name in COLUMNS if name != "id"}
    return cast(UserRecord, {"id": inserted[0], **record})


def update_user(connection: Connection, user_id: int, **changes: Any) -> None:
    """Change the listed columns only, or `EmailTaken`."""
    unknown = set(changes) - UPDATABLE
    if unknown:
        raise TypeError(f"not updatable: {sorted(unknown)}")
    if "email" in changes:
        changes["email_key"] = email_key(changes["email"])
    with _email_taken_on_conflict(changes.get("email", "")):
        connection.execute(sa.update(users).where(users.c.id == user_id).values(changes))


def delete_user(connection: Connection, user_id: int) -> None:
    """Its login sessions go with it (ON DELETE CASCADE)."""
    connection.execute(sa.delete(users).where(users.c.id == user_id))


def taken_email_keys(connection: Connection, keys: Iterable[str]) -> set[str]:
    query = sa.select(users.c.email_key).where(users.c.email_key.in_(list(keys)))
    return set(connection.scalars(query))


def insert_users(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Bulk insert for seeding: one statement for the batch (`email_key` and `created_at`
    are filled in)."""
    now = utc_now()
    for row in rows:
        row.setdefault("email_key", email_key(row["email"]))
        row.setdefault("created_at", now)
    with _email_taken_on_conflict(rows[0]["email"]):
        connection.execute(sa.insert(users), rows)


def highest_user_id(connection: Connection) -> int:
    return connection.scalar(sa.select(sa.func.max(users.c.id))) or 0


# Login sessions


def insert_session(
    connection: Connection,
    *,
    session_id: str,
    user_id: int,
    refresh_jti: str,
    expires_at: datetime,
) -> None:
    """Record a new login; expired sessions are pruned on the way (an index range)."""
    connection.execute(sa.delete(login_sessions).where(login_sessions.c.expires_at < utc_now()))
    connection.execute(
        sa.insert(login_sessions).values(
            id=session_id, user_id=user_id, refresh_jti=refresh_jti, expires_at=expires_at
        )
    )


def session_user(connection: Connection, *, session_id: str, user_id: int) -> UserRecord | None:
    """The active user whose live session this is, or None: one query."""
    return _first(
        _records(connection, _SESSION_USER, session_id=session_id, user_id=user_id, now=utc_now())
    )


def rotate_session(
    connection: Connection,
    *,
    session_id: str,
    spent_jti: str,
    refresh_jti: str,
    expires_at: datetime,
) -> bool:
    """Make `refresh_jti` the session's refresh token if `spent_jti` still is; False if it is
    not (a replay, or the loser of two racing uses): the conditional UPDATE decides."""
    result = connection.execute(
        sa.update(login_sessions)
        .where(login_sessions.c.id == session_id, login_sessions.c.refresh_jti == spent_jti)
        .values(refresh_jti=refresh_jti, expires_at=expires_at)
    )
    return bool(result.rowcount == 1)


def delete_session(connection: Connection, session_id: str) -> None:
    connection.execute(sa.delete(login_sessions).where(login_sessions.c.id == session_id))


def delete_user_sessions(connection: Connection, user_id: int) -> None:
    connection.execute(sa.delete(login_sessions).where(login_sessions.c.user_id == user_id))


# Password resets


def replace_reset(
    connection: Connection, *, token_hash: str, user_id: int, expires_at: datetime
) -> None:
    """The user's only live reset link from now on (an older one dies); expired links are
    pruned on the way."""
    connection.execute(sa.delete(password_resets).where(password_resets.c.expires_at < utc_now()))
    delete_user_resets(connection, user_id)
    connection.execute(
        sa.insert(password_resets).values(
            token_hash=token_hash, user_id=user_id, expires_at=expires_at
        )
    )


def reset_user_id(connection: Connection, token_hash: str) -> int | None:
    """Whose live reset link this is, or None."""
    found: int | None = connection.scalar(
        sa.select(password_resets.c.user_id).where(
            password_resets.c.token_hash == token_hash,
            password_resets.c.expires_at > utc_now(),
        )
    )
    return found


def spend_reset(connection: Connection, token_hash: str) -> bool:
    """Delete a live link; False if it was not there (used meanwhile, or expired): the
    conditional DELETE decides between racing uses."""
    result = connection.execute(
        sa.delete(password_resets).where(
            password_resets.c.token_hash == token_hash,
            password_resets.c.expires_at > utc_now(),
        )
    )
    return bool(result.rowcount == 1)


def delete_user_resets(connection: Connection, user_id: int) -> None:
    connection.execute(sa.delete(password_resets).where(password_resets.c.user_id == user_id))


# Idempotency keys


@contextmanager
def _claimed_on_conflict() -> Iterator[None]:
    try:
        yield
    except IntegrityError as error:
        raise KeyClaimed from error


def claim_idempotency_key(
    connection: Connection, *, record_id: str, fingerprint: str, expires_at: datetime
) -> None:
    """Record that a request with this key is being answered, or `KeyClaimed` if one was
    (the primary key decides between racing requests). Expired keys are pruned first."""
    now = utc_now()
    connection.execute(sa.delete(idempotency_keys).where(idempotency_keys.c.expires_at < now))
    with _claimed_on_conflict():
        connection.execute(
            sa.insert(idempotency_keys).values(
                id=record_id, fingerprint=fingerprint, expires_at=expires_at
            )
        )


def idempotency_record(connection: Connection, record_id: str) -> dict[str, Any] | None:
    row = connection.execute(
        sa.select(
            idempotency_keys.c.fingerprint,
            idempotency_keys.c.status_code,
            idempotency_keys.c.response,
        ).where(idempotency_keys.c.id == record_id, idempotency_keys.c.expires_at >= utc_now())
    ).first()
    return None if row is None else dict(row._mapping)


def keep_idempotent_answer(
    connection: Connection,
    *,
    record_id: str,
    status_code: int,
    response: bytes,
    expires_at: datetime,
) -> None:
    connection.execute(
        sa.update(idempotency_keys)
        .where(idempotency_keys.c.id == record_id)
        .values(status_code=status_code, response=response, expires_at=expires_at)
    )


def release_idempotency_key(connection: Connection, record_id: str) -> None:
    connection.execute(sa.delete(idempotency_keys).where(idempotency_keys.c.id == record_id))
