"""The database schema, as SQLAlchemy Core tables (the migrations build it; a test holds the two
together). The service reads and writes these tables only through `users.queries`."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Dialect

from users.extensions import db

USERNAME_MAX = 128
EMAIL_MAX = 128
# Larger than any id a database here will hand out; bigger ids are answered 404 without a query.
MAX_ID = 2**63 - 1


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


UserId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# A byte-wise collation on MySQL/MariaDB, so that only case folding (done by `email_key`) makes
# two addresses equal, as on SQLite and PostgreSQL; the default collations also ignore accents.
EmailKey = sa.String(EMAIL_MAX).with_variant(
    mysql.VARCHAR(EMAIL_MAX, charset="utf8mb4", collation="utf8mb4_bin"), "mysql", "mariadb"
)

users = sa.Table(
    "users",
    db.metadata,
    sa.Column("id", UserId, primary_key=True),
    sa.Column("username", sa.String(USERNAME_MAX), nullable=False),
    sa.Column("email", sa.String(EMAIL_MAX), nullable=False),
    # Unique: the database itself decides, so racing requests with one address make one user.
    sa.Column("email_key", EmailKey, nullable=False, unique=True),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("password_hash", sa.String(255)),
    sa.Column("admin", sa.Boolean, nullable=False, server_default=sa.false()),
    mysql_charset="utf8mb4",
    mysql_collate="utf8mb4_unicode_ci",
    # SQLite would otherwise hand a deleted user's id to the next new user; MariaDB and
    # PostgreSQL never reuse a sequence value.
    sqlite_autoincrement=True,
)


def owner_id() -> sa.Column[int]:
    """The id of the user a row belongs to; the row is deleted with the user."""
    return sa.Column(
        "user_id",
        UserId,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


# One login: every token names its session, and is accepted only while the row exists. The id
# is random (128 bits), so no other account can ever share it; deleting a user deletes its
# sessions with it.
login_sessions = sa.Table(
    "login_sessions",
    db.metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    owner_id(),
    # The session's only refresh token that may still be used; rotation replaces it.
    sa.Column("refresh_jti", sa.String(32), nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False, index=True),
    mysql_charset="utf8mb4",
)

# Answers to requests that carried an `Idempotency-Key`, kept 24 hours so that a retry of the
# same request gets the same answer. The id is a hash of the route and the key; the answer is
# stored encrypted under a key derived from the server's secret and the request body, so the
# table alone reveals no response (a registration's answer holds tokens).
idempotency_keys = sa.Table(
    "idempotency_keys",
    db.metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),  # of the request body
    sa.Column("status_code", sa.Integer),  # NULL while the first request is in progress
    sa.Column("response", sa.LargeBinary),
    sa.Column("expires_at", UTCDateTime, nullable=False, index=True),
    mysql_charset="utf8mb4",
)

# Password-reset links awaiting use. Only the SHA-256 of a token is kept (the primary key, so
# a lookup is one index probe): the table alone lets nobody reset a password. A user's rows go
# when a newer link is issued, when one is used, when the password changes, and with the user.
password_resets = sa.Table(
    "password_resets",
    db.metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    owner_id(),
    sa.Column("expires_at", UTCDateTime, nullable=False, index=True),
    mysql_charset="utf8mb4",
)
