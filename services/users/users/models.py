"""The `users` table and the queries the service runs against it.

Queries live here, in small typed functions, so that views never build SQL. Every list query is
keyset-paginated on the primary key, so a page costs one index range scan however many users
exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypedDict, cast

import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from users.extensions import db

USERNAME_MAX = 128
EMAIL_MAX = 128
# Larger than any id a database here will hand out; bigger ids are answered 404 without a query.
MAX_ID = 2**63 - 1


class EmailTaken(Exception):
    """Another user already has this email address (compared case-insensitively)."""


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Stores naive UTC on every database, hands back aware UTC datetimes to the second (so
    they serialise as `2026-11-23T22:59:09Z`)."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC, microsecond=0)


def utc_now() -> datetime:
    """Now, to the second: every database keeps the same value the API first returned."""
    return datetime.now(UTC).replace(microsecond=0)


def email_key(email: str) -> str:
    """The form of an address that uniqueness is decided on."""
    return email.lower()


# A byte-wise collation on MySQL/MariaDB, so that only case folding (done by `email_key`) makes
# two addresses equal, as on SQLite and PostgreSQL; the default collations also ignore accents.
EmailKeyType = sa.String(EMAIL_MAX).with_variant(
    mysql.VARCHAR(EMAIL_MAX, charset="utf8mb4", collation="utf8mb4_bin"), "mysql", "mariadb"
)


class User(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "users"
    __table_args__ = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_unicode_ci"}

    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True
    )
    username: Mapped[str] = mapped_column(sa.String(USERNAME_MAX))
    email: Mapped[str] = mapped_column(sa.String(EMAIL_MAX))
    email_key: Mapped[str] = mapped_column(EmailKeyType, unique=True)
    active: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255), default=None)
    admin: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Part of every token; bumped to invalidate all of a user's tokens at once.
    token_version: Mapped[int] = mapped_column(default=0, server_default="0")

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email!r}>"


class RevokedToken(db.Model):  # type: ignore[name-defined,misc]
    """A token id (`jti`) or login session id (`sid`) refused until it would have expired."""

    __tablename__ = "revoked_tokens"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


def create_user(
    *,
    username: str,
    email: str,
    active: bool = False,
    admin: bool = False,
    password_hash: str | None = None,
) -> User:
    """Insert a user, or raise `EmailTaken`; the unique index decides, so racing requests
    with one address create exactly one user. One INSERT on a pooled connection, without the
    session's unit of work (`POST /users` went from about 1,400 to 2,000 req/s in an A/B of
    quick benchmark runs); the user comes back detached."""
    values = {
        "username": username,
        "email": email,
        "email_key": email_key(email),
        "active": active,
        "admin": admin,
        "password_hash": password_hash,
        "token_version": 0,
        "created_at": utc_now(),
    }
    with email_taken_on_conflict(email), db.engine.begin() as connection:
        inserted = connection.execute(sa.insert(User), values).inserted_primary_key
    assert inserted is not None  # always there after a single-row INSERT
    return User(id=inserted[0], **values)


def update_user(user: User, **changes: Any) -> User:
    """Apply changes to the listed fields only; a new password or a deactivation ends every
    session the user has."""
    unknown = set(changes) - UPDATABLE
    if unknown:
        raise TypeError(f"not updatable: {sorted(unknown)}")
    if "email" in changes:
        changes["email_key"] = email_key(changes["email"])
    if "password_hash" in changes or changes.get("active") is False and user.active:
        user.token_version += 1
    for name, value in changes.items():
        setattr(user, name, value)
    with email_taken_on_conflict(user.email):
        db.session.commit()
    return user


UPDATABLE = frozenset({"username", "email", "active", "admin", "password_hash"})


def delete_user(user: User) -> None:
    db.session.delete(user)
    db.session.commit()


@contextmanager
def email_taken_on_conflict(email: str) -> Iterator[None]:
    """`email_key` is the table's only unique column and every other column is validated
    before a write, so an integrity error means the address is taken."""
    try:
        yield
    except IntegrityError as error:
        db.session.rollback()
        raise EmailTaken(email) from error


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email_key == email_key(email)))


def get_user(user_id: int) -> User | None:
    """The user as an ORM object, to change it."""
    if not 0 < user_id <= MAX_ID:
        return None
    return db.session.get(User, user_id)


class UserRecord(TypedDict):
    """A user as the reads below return it: the public columns only."""

    id: int
    username: str
    email: str
    active: bool
    created_at: datetime


# Reads that only show users return plain dicts of the public columns, straight from a pooled
# connection: no session, identity map or change tracking, which cost more than the query
# (dicts, because pydantic reads them several times faster than row objects). The statements
# are built once; each call only binds its values.
_table = User.__table__
_COLUMNS = tuple(UserRecord.__annotations__)
_PUBLIC = sa.select(*(_table.c[name] for name in _COLUMNS))
_BY_ID = _PUBLIC.where(_table.c.id == sa.bindparam("user_id"))
_AFTER = (
    _PUBLIC.where(_table.c.id > sa.bindparam("after_id"))
    .order_by(_table.c.id)
    .limit(sa.bindparam("limit"))
)
_NEWEST = _PUBLIC.order_by(_table.c.id.desc()).limit(sa.bindparam("limit"))
_BEFORE = _NEWEST.where(_table.c.id < sa.bindparam("before_id"))


def _records(query: sa.Select[Any], **values: int) -> list[UserRecord]:
    with db.engine.connect() as connection:
        rows = connection.execute(query, values)
        return [cast(UserRecord, dict(zip(_COLUMNS, row, strict=True))) for row in rows]


def public_user(user_id: int) -> UserRecord | None:
    if not 0 < user_id <= MAX_ID:
        return None
    records = _records(_BY_ID, user_id=user_id)
    return records[0] if records else None


def users_after(*, after_id: int, limit: int) -> list[UserRecord]:
    """Up to `limit` users created after `after_id`, oldest first: one primary-key range."""
    return _records(_AFTER, after_id=after_id, limit=limit)


def users_before(*, before_id: int | None, limit: int) -> list[UserRecord]:
    """Up to `limit` users created before `before_id` (or the newest), newest first."""
    if before_id is None:
        return _records(_NEWEST, limit=limit)
    return _records(_BEFORE, before_id=before_id, limit=limit)


def revoke(key: str, expires_at: datetime) -> bool:
    """Refuse `key` from now on; False if it was already refused (the insert decides, so
    exactly one of two racing requests wins)."""
    db.session.execute(sa.delete(RevokedToken).where(RevokedToken.expires_at < utc_now()))
    db.session.add(RevokedToken(key=key, expires_at=expires_at))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def any_revoked(keys: list[str]) -> bool:
    query = sa.select(RevokedToken.key).where(RevokedToken.key.in_(keys)).limit(1)
    return db.session.scalar(query) is not None


def add_users(rows: list[dict[str, Any]]) -> None:
    """Bulk insert for seeding: one statement per batch, no ORM objects."""
    for row in rows:
        row.setdefault("email_key", email_key(row["email"]))
        row.setdefault("created_at", utc_now())
    db.session.execute(sa.insert(User), rows)
    db.session.commit()
