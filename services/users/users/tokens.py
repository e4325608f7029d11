"""JWT access and refresh tokens, and their revocation.

Every token names its user (`sub`), its own id (`jti`), its login session (`sid`) and the
user's token version (`ver`). A token is refused when its `jti` or `sid` has been revoked
(logout, refresh rotation), when its `ver` is stale (password change, deactivation), or when
its user is gone or inactive. Revocations live in the database by default, or in Redis when
`REDIS_URL` is set; either way every worker and replica sees them.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, Protocol, TypeVar

import redis
from apiflask import HTTPError
from flask import Flask, current_app, g, request
from flask_jwt_extended import (
    create_access_token,
    create_refresh_token,
    current_user,
    get_jwt,
    verify_jwt_in_request,
)

from users.errors import failure
from users.extensions import jwt
from users.models import User, any_revoked, get_user, revoke, utc_now

log = logging.getLogger("users.auth")

PROVIDE_TOKEN = "Provide a valid auth token."
EXPIRED = "Signature expired. Please log in again."
INVALID = "Invalid token. Please log in again."
FORBIDDEN = "You do not have permission to do that."
BEARER = {"WWW-Authenticate": "Bearer"}
_BEARER_HEADER = re.compile(r"Bearer [^\s]+")

View = TypeVar("View", bound=Callable[..., Any])


class Revocations(Protocol):
    def revoke(self, key: str, ttl: timedelta) -> bool:
        """Refuse `key` for `ttl`; False if it was already refused."""

    def any_revoked(self, keys: list[str]) -> bool: ...


class DatabaseRevocations:
    def revoke(self, key: str, ttl: timedelta) -> bool:
        return revoke(key, utc_now() + ttl + timedelta(seconds=1))

    def any_revoked(self, keys: list[str]) -> bool:
        return any_revoked(keys)


class RedisRevocations:
    def __init__(self, url: str, prefix: str) -> None:
        self.redis = redis.Redis.from_url(url)
        self.prefix = prefix

    def revoke(self, key: str, ttl: timedelta) -> bool:
        seconds = max(1, int(ttl.total_seconds()) + 1)
        return bool(self.redis.set(self.prefix + key, 1, nx=True, ex=seconds))

    def any_revoked(self, keys: list[str]) -> bool:
        return bool(self.redis.exists(*(self.prefix + key for key in keys)))


def init_tokens(app: Flask) -> None:
    redis_url = app.config["REDIS_URL"]
    app.extensions["revocations"] = (
        RedisRevocations(redis_url, app.config["REDIS_KEY_PREFIX"] + "revoked:")
        if redis_url
        else DatabaseRevocations()
    )


def revocations() -> Revocations:
    found: Revocations = current_app.extensions["revocations"]
    return found


def issue_tokens(user: User, session_id: str | None = None) -> dict[str, str]:
    """A new access/refresh pair; a refresh keeps its login session id."""
    claims = {"ver": user.token_version, "sid": session_id or uuid.uuid4().hex}
    identity = str(user.id)
    return {
        "auth_token": create_access_token(identity, additional_claims=claims),
        "refresh_token": create_refresh_token(identity, additional_claims=claims),
    }


def rotate_refresh_token() -> dict[str, str]:
    """Spend the refresh token of this request. A second use of one is theft or a replay and
    ends its whole login session; the revocation insert decides between two racing uses."""
    claims = get_jwt()
    if not revocations().revoke(claims["jti"], current_app.config["JWT_REFRESH_TOKEN_EXPIRES"]):
        end_session_of(claims)
        raise HTTPError(401, PROVIDE_TOKEN, headers=BEARER)
    user: User = current_user
    return issue_tokens(user, session_id=claims["sid"])


def end_session() -> None:
    """Logout: the token's whole login session (its access and refresh tokens) is refused."""
    claims = get_jwt()
    end_session_of(claims)
    log.info("logout user=%s", claims["sub"])


def end_session_of(claims: dict[str, Any]) -> None:
    if claims.get("type") == "refresh":
        log.warning("refresh token reused user=%s: its session is ended", claims["sub"])
    revocations().revoke(claims["sid"], current_app.config["JWT_REFRESH_TOKEN_EXPIRES"])


@jwt.token_in_blocklist_loader
def token_is_refused(_header: dict[str, Any], claims: dict[str, Any]) -> bool:
    """Runs for every token a view requires; loads the user once for the request."""
    jti, sid, version, subject = (claims.get(key) for key in ("jti", "sid", "ver", "sub"))
    if not (isinstance(jti, str) and isinstance(sid, str) and isinstance(subject, str)):
        return True
    if not subject.isdigit():
        return True
    if revocations().any_revoked([jti, sid]):
        if claims.get("type") == "refresh":  # a spent refresh token came back: end its session
            end_session_of(claims)
        return True
    user = get_user(int(subject))
    if user is None or not user.active or user.token_version != version:
        return True
    g.token_user = user
    return False


@jwt.user_lookup_loader
def token_user(_header: dict[str, Any], _claims: dict[str, Any]) -> User:
    user: User = g.token_user
    return user


def _refused(message: str) -> Any:
    return failure(401, message, BEARER)


@jwt.unauthorized_loader
def no_token(_reason: str) -> Any:
    return _refused(PROVIDE_TOKEN)


@jwt.revoked_token_loader
def revoked_token(_header: dict[str, Any], _claims: dict[str, Any]) -> Any:
    return _refused(PROVIDE_TOKEN)


@jwt.expired_token_loader
def expired_token(_header: dict[str, Any], _claims: dict[str, Any]) -> Any:
    return _refused(EXPIRED)


@jwt.invalid_token_loader
def invalid_token(_reason: str) -> Any:
    return _refused(INVALID)


def verify_token(*, refresh: bool = False) -> None:
    """Anything but `Authorization: Bearer <token>` is refused before the token is read."""
    if not _BEARER_HEADER.fullmatch(request.headers.get("Authorization", "")):
        raise HTTPError(401, PROVIDE_TOKEN, headers=BEARER)
    verify_jwt_in_request(refresh=refresh)


def token_required(*, refresh: bool = False) -> Callable[[View], View]:
    """401 unless the request carries a valid token of this type."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            verify_token(refresh=refresh)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def admin_only(when: str | None = None) -> Callable[[View], View]:
    """401 without a valid access token, 403 unless its user is an admin; checked before the
    view parses its input. With `when`, only while that setting is true."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if when is None or current_app.config[when]:
                require_admin()
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def require_admin() -> None:
    verify_token()
    if not current_user.admin:
        raise HTTPError(403, FORBIDDEN)
