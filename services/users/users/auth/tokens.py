"""JWT access and refresh tokens, bound to login sessions in the database.

Every token names its user (`sub`), its own id (`jti`) and its login session (`sid`). A token
is accepted only while its session row exists and belongs to that user, and the user is
active: logout deletes the row, a password change or a deactivation deletes all of the user's
rows, deleting a user deletes its rows with it (ON DELETE CASCADE). Session ids are random,
so a token can never fit an account other than the one it was issued to, whatever ids the
database hands out. The database is the only store of this state: every worker and replica
sees it, and nothing is forgotten when a cache restarts.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from flask_jwt_extended import create_access_token, create_refresh_token, get_jwt

from users import messages, queries
from users.errors import failure
from users.extensions import jwt
from users.queries import UserRecord
from users.tables import MAX_ID

BEARER = {"WWW-Authenticate": "Bearer"}


def new_id() -> str:
    """128 random bits, as 32 hex characters: session ids and refresh token ids."""
    return secrets.token_hex(16)


def token_pair(user_id: int, session_id: str, refresh_jti: str) -> dict[str, str]:
    identity = str(user_id)
    return {
        "auth_token": create_access_token(identity, additional_claims={"sid": session_id}),
        "refresh_token": create_refresh_token(
            identity, additional_claims={"sid": session_id, "jti": refresh_jti}
        ),
    }


@dataclass(frozen=True)
class TokenClaims:
    """What the service reads from a token it has verified."""

    user_id: int
    session_id: str
    token_id: str

    @classmethod
    def parse(cls, claims: dict[str, Any]) -> TokenClaims | None:
        """None unless the claims are ours: a token signed with our key but without them (or
        with a `sub` that names no possible user) is refused like any other invalid one."""
        subject, session_id, token_id = (claims.get(key) for key in ("sub", "sid", "jti"))
        if not (isinstance(session_id, str) and isinstance(token_id, str)):
            return None
        if not (isinstance(subject, str) and subject.isdigit() and int(subject) <= MAX_ID):
            return None
        return cls(int(subject), session_id, token_id)


def request_claims() -> TokenClaims:
    """The claims of the token this request was let in with."""
    claims = TokenClaims.parse(get_jwt())
    assert claims is not None  # `token_user` refused the request otherwise
    return claims


@jwt.user_lookup_loader
def token_user(_header: dict[str, Any], claims: dict[str, Any]) -> UserRecord | None:
    """The user a verified token speaks for, or None (then: 401). Only reads."""
    parsed = TokenClaims.parse(claims)
    if parsed is None:
        return None
    with queries.connect() as connection:
        return queries.session_user(
            connection, session_id=parsed.session_id, user_id=parsed.user_id
        )


def _refused(message: str) -> Any:
    return failure(401, message, BEARER)


@jwt.user_lookup_error_loader
def no_live_session(_header: dict[str, Any], _claims: dict[str, Any]) -> Any:
    return _refused(messages.PROVIDE_TOKEN)


@jwt.unauthorized_loader
def no_token(_reason: str) -> Any:
    return _refused(messages.PROVIDE_TOKEN)


@jwt.expired_token_loader
def expired_token(_header: dict[str, Any], _claims: dict[str, Any]) -> Any:
    return _refused(messages.EXPIRED_TOKEN)


@jwt.invalid_token_loader
def invalid_token(_reason: str) -> Any:
    return _refused(messages.INVALID_TOKEN)
