"""The use cases: what the views and commands ask for. Each function does one piece of work with
the queries and the password hasher, raises the service's own exceptions
(`users.exceptions`), and is the only place that commits: the writes that belong together run
in one `queries.transaction()`. Hashing (about 20 ms) happens outside any transaction."""

from __future__ import annotations

import hashlib
import logging
import secrets
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.engine import Connection

from users import metrics, queries
from users.auth.passwords import passwords
from users.auth.tokens import TokenClaims, new_id, token_pair
from users.config import settings
from users.exceptions import (
    AccountInactive,
    IdempotencyKeyInFlight,
    IdempotencyKeyReused,
    KeyClaimed,
    LoginFailed,
    RefreshTokenReused,
    ResetTokenInvalid,
    UserNotFound,
)
from users.extensions import client_address
from users.mail import client_page, mail, reset_email
from users.queries import UserRecord
from users.schemas import ProfileUpdate, Registration, UserCreate, UserUpdate
from users.tables import email_key, utc_now

log = logging.getLogger("users.auth")

SEED_USERS = [
    {"username": "michael", "email": "hermanmu@gmail.com"},
    {"username": "michaelherman", "email": "michael@mherman.org"},
]
SEED_BATCH = 10_000
IDEMPOTENCY_LIFETIME = timedelta(hours=24)
# How long a key is held for a request still being answered: far past any request's time
# (the database deadline, nginx's 30 s), so that one which never finished (its server
# crashed, or the database went down before the claim could be released) blocks retries with
# its key only for this long.
IDEMPOTENCY_CLAIM_LEASE = timedelta(minutes=1)
RESET_LIFETIME = timedelta(minutes=30)
RESET_TOKEN_BYTES = 32  # 256 random bits, 43 URL-safe characters
RESET_PAGE = "reset-password"


# Reading users


def user(user_id: int) -> UserRecord:
    with queries.connect() as connection:
        return _existing(connection, user_id)


def users_after(after_id: int, limit: int) -> list[UserRecord]:
    with queries.connect() as connection:
        return queries.users_after(connection, after_id=after_id, limit=limit)


def newest_users(before_id: int | None, limit: int) -> list[UserRecord]:
    with queries.connect() as connection:
        return queries.users_before(connection, before_id=before_id, limit=limit)


def _existing(connection: Connection, user_id: int) -> UserRecord:
    found = queries.user_by_id(connection, user_id)
    if found is None:
        raise UserNotFound(user_id)
    return found


# Changing users


def add_user(new_user: UserCreate, *, with_password: bool) -> UserRecord:
    """`POST /users`: inactive, as the course has it; a password only when admins create."""
    password_hash = None
    if with_password and new_user.password is not None:
        password_hash = passwords().hash_new(new_user.password)
    with queries.transaction() as connection:
        return queries.insert_user(
            connection,
            username=new_user.username,
            email=new_user.email,
            password_hash=password_hash,
        )


def change_user(user_id: int, update: UserUpdate) -> UserRecord:
    """Only the fields given change; a new password or a deactivation ends every session the
    user has, in the same transaction."""
    user(user_id)  # a missing user is 404 before a password is hashed or judged
    changes: dict[str, Any] = update.model_dump(exclude_unset=True, exclude={"password"})
    if update.password is not None:
        changes["password_hash"] = passwords().hash_new(update.password)
    with queries.transaction() as connection:
        _update(connection, user_id, changes)
        return _existing(connection, user_id)


def _update(connection: Connection, user_id: int, changes: dict[str, Any]) -> None:
    """A new password or a deactivation ends every session; a new password or email also
    kills a pending reset link (it went to the old address, or is for the old password)."""
    queries.update_user(connection, user_id, **changes)
    if "password_hash" in changes or changes.get("active") is False:
        queries.delete_user_sessions(connection, user_id)
    if "password_hash" in changes or "email" in changes:
        queries.delete_user_resets(connection, user_id)


def remove_user(user_id: int) -> UserRecord:
    """Delete a user (and with it its sessions); returns what it was."""
    with queries.transaction() as connection:
        removed = _existing(connection, user_id)
        queries.delete_user(connection, user_id)
    return removed


def make_admin(*, username: str, email: str, password: str) -> UserRecord:
    """Create an active admin, or promote the user with this email and set its password."""
    password_hash = passwords().hash_new(password)
    with queries.transaction() as connection:
        found = queries.user_by_email(connection, email)
        if found is None:
            return queries.insert_user(
                connection,
                username=username,
                email=email,
                active=True,
                admin=True,
                password_hash=password_hash,
            )
        promotion = {"admin": True, "active": True, "password_hash": password_hash}
        _update(connection, found["id"], promotion)
        return _existing(connection, found["id"])


def seed(count: int) -> tuple[int, int]:
    """Add the course's two users unless they exist, and `count` generated ones (numbered past
    the highest id, so every run adds `count`), in batches of one INSERT each. Returns how many
    were added, and how many of the course's users existed already."""
    with queries.transaction() as connection:
        added = _insert_new(connection, [dict(row) for row in SEED_USERS])
        number = queries.highest_user_id(connection)
    generated = 0
    while generated < count:
        batch = range(number, number + min(SEED_BATCH, count - generated))
        rows = [{"username": f"user{n}", "email": f"user{n}@example.com"} for n in batch]
        with queries.transaction() as connection:
            generated += _insert_new(connection, rows)
        number = batch.stop
    return added + generated, len(SEED_USERS) - added


def _insert_new(connection: Connection, rows: list[dict[str, Any]]) -> int:
    taken = queries.taken_email_keys(connection, (email_key(row["email"]) for row in rows))
    fresh = [row for row in rows if email_key(row["email"]) not in taken]
    if fresh:
        queries.insert_users(connection, fresh)
    return len(fresh)


# Logging in and out


def register(registration: Registration) -> dict[str, str]:
    """An active user with a password, logged in: its first tokens."""
    password_hash = passwords().hash_new(registration.password)
    with queries.transaction() as connection:
        account = queries.insert_user(
            connection,
            username=registration.username,
            email=registration.email,
            active=True,
            password_hash=password_hash,
        )
        tokens = _start_session(connection, account["id"])
    log.info("register user=%s client=%s", account["id"], client_address())
    return tokens


def log_in(email: str, password: str) -> dict[str, str]:
    """A new session for the right password; an unknown email costs what a wrong password
    costs and raises the same `LoginFailed`."""
    with queries.connect() as connection:
        found = queries.user_and_password_hash_by_email(connection, email)
    account, password_hash = found or (None, None)
    verdict = passwords().check(password_hash, password)
    if account is None or not verdict.correct:
        metrics.LOGINS.labels("failed").inc()
        log.info(
            "login.failure client=%s user=%s", client_address(), account["id"] if account else "-"
        )
        raise LoginFailed
    if not account["active"]:
        metrics.LOGINS.labels("inactive").inc()
        log.info("login.inactive client=%s user=%s", client_address(), account["id"])
        raise AccountInactive
    with queries.transaction() as connection:
        if verdict.rehashed:
            queries.update_user(connection, account["id"], password_hash=verdict.rehashed)
        tokens = _start_session(connection, account["id"])
    metrics.LOGINS.labels("ok").inc()
    log.info("login.success client=%s user=%s", client_address(), account["id"])
    return tokens


def _start_session(connection: Connection, user_id: int) -> dict[str, str]:
    session_id, refresh_jti = new_id(), new_id()
    queries.insert_session(
        connection,
        session_id=session_id,
        user_id=user_id,
        refresh_jti=refresh_jti,
        expires_at=utc_now() + settings().refresh_token_lifetime,
    )
    return token_pair(user_id, session_id, refresh_jti)


def refresh(claims: TokenClaims) -> dict[str, str]:
    """Spend a refresh token for a new pair in the same session. One that is no longer the
    session's current token is a replay (most likely stolen): the whole session ends."""
    refresh_jti = new_id()
    with queries.transaction() as connection:
        rotated = queries.rotate_session(
            connection,
            session_id=claims.session_id,
            spent_jti=claims.token_id,
            refresh_jti=refresh_jti,
            expires_at=utc_now() + settings().refresh_token_lifetime,
        )
        if not rotated:
            queries.delete_session(connection, claims.session_id)
    if not rotated:
        log.warning("refresh token reused user=%s: its session is ended", claims.user_id)
        raise RefreshTokenReused
    return token_pair(claims.user_id, claims.session_id, refresh_jti)


def log_out(claims: TokenClaims) -> None:
    """The session's access and refresh tokens are all refused from now on."""
    with queries.transaction() as connection:
        queries.delete_session(connection, claims.session_id)
    log.info("logout user=%s", claims.user_id)


# Self-service: the logged-in user's own account


def _check_password(user_id: int, password: str) -> None:
    """`LoginFailed` unless `password` is the user's; `UserNotFound` if the user was deleted
    since this request's token was checked."""
    with queries.connect() as connection:
        password_hash = queries.stored_password_hash(connection, user_id)
    if not passwords().check(password_hash, password).correct:
        log.info("password.wrong client=%s user=%s", client_address(), user_id)
        raise LoginFailed


def update_profile(user_id: int, update: ProfileUpdate) -> UserRecord:
    """A new username and/or email; `current_password`, needed for an email, is checked
    whenever it is given."""
    if update.current_password is not None:
        _check_password(user_id, update.current_password)
    changes = update.model_dump(exclude_unset=True, exclude={"current_password"})
    with queries.transaction() as connection:
        _update(connection, user_id, changes)
        return _existing(connection, user_id)


def change_password(user_id: int, current_password: str, new_password: str) -> dict[str, str]:
    """Every session of the user ends, this one too; the tokens of a new one come back."""
    _check_password(user_id, current_password)
    password_hash = passwords().hash_new(new_password)
    with queries.transaction() as connection:
        _update(connection, user_id, {"password_hash": password_hash})
        tokens = _start_session(connection, user_id)
    log.info("password.change user=%s client=%s", user_id, client_address())
    return tokens


def delete_account(user_id: int, password: str) -> None:
    _check_password(user_id, password)
    with queries.transaction() as connection:
        queries.delete_user(connection, user_id)
    log.info("account.delete user=%s client=%s", user_id, client_address())


# Password reset by email


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_password_reset(email: str) -> None:
    """The request does the same for every address: it only hands the address to the
    background (`users.mail`), which looks it up and, for an active account, issues a link
    and sends it. Neither the answer's time nor its content can tell whether the address has
    an account, and a slow or broken mail server costs the request nothing."""
    mail().later(_send_reset_link, email, client_page(RESET_PAGE))


def _send_reset_link(email: str, page: str) -> None:
    with queries.connect() as connection:
        account = queries.user_by_email(connection, email)
    if account is None or not account["active"]:
        log.info("password.reset no active account for the address: nothing sent")
        return
    token = secrets.token_urlsafe(RESET_TOKEN_BYTES)
    with queries.transaction() as connection:
        queries.replace_reset(
            connection,
            token_hash=_digest(token),
            user_id=account["id"],
            expires_at=utc_now() + RESET_LIFETIME,
        )
    log.info("password.reset link issued user=%s", account["id"])
    message = reset_email(
        to=account["email"], link=f"{page}?token={token}", sender=settings().mail_from
    )
    try:
        mail().send(message)
    except (OSError, smtplib.SMTPException) as error:
        log.error("password.reset email not sent user=%s: %r", account["id"], error)


def reset_password(token: str, new_password: str) -> None:
    """Spend a reset link for a new password; every session of the user ends. A common
    password is refused before the link is spent."""
    token_hash = _digest(token)
    with queries.connect() as connection:
        user_id = queries.reset_user_id(connection, token_hash)
    if user_id is None:
        raise ResetTokenInvalid
    password_hash = passwords().hash_new(new_password)
    with queries.transaction() as connection:
        if not queries.spend_reset(connection, token_hash):  # used meanwhile, or expired
            raise ResetTokenInvalid
        _update(connection, user_id, {"password_hash": password_hash})
    log.info("password.reset done user=%s client=%s", user_id, client_address())


# Answers remembered for retries (`Idempotency-Key`)


@dataclass(frozen=True)
class Remembered:
    status_code: int
    sealed: bytes  # the answer's body, encrypted (see `users.api.idempotency`)


def claim_answer(record_id: str, fingerprint: str) -> Remembered | None:
    """None when this request is the first with its key: answer it, then `remember_answer`
    (or `forget_claim` if it failed). Otherwise what the first one left:
    `IdempotencyKeyReused` for another body, `IdempotencyKeyInFlight` while it is being
    answered."""
    for _attempt in range(2):  # a claim that expired between the two statements: once more
        try:
            with queries.transaction() as connection:
                queries.claim_idempotency_key(
                    connection,
                    record_id=record_id,
                    fingerprint=fingerprint,
                    expires_at=utc_now() + IDEMPOTENCY_CLAIM_LEASE,
                )
            return None
        except KeyClaimed:
            pass
        with queries.connect() as connection:
            found = queries.idempotency_record(connection, record_id)
        if found is not None:
            if found["fingerprint"] != fingerprint:
                raise IdempotencyKeyReused
            if found["status_code"] is None:
                raise IdempotencyKeyInFlight
            return Remembered(found["status_code"], found["response"])
    raise IdempotencyKeyInFlight


def remember_answer(record_id: str, status_code: int, sealed: bytes) -> None:
    with queries.transaction() as connection:
        queries.keep_idempotent_answer(
            connection,
            record_id=record_id,
            status_code=status_code,
            response=sealed,
            expires_at=utc_now() + IDEMPOTENCY_LIFETIME,
        )


def forget_claim(record_id: str) -> None:
    """The first request failed: a retry with the key is answered afresh."""
    with queries.transaction() as connection:
        queries.release_idempotency_key(connection, record_id)
