"""What a view requires of its caller: a valid token, an admin. Checked before the view parses
its input; they only read."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from apiflask import HTTPError
from flask import request
from flask_jwt_extended import get_current_user, verify_jwt_in_request

from users import messages
from users.auth.cookies import cookie_requested
from users.auth.tokens import BEARER
from users.config import settings
from users.queries import UserRecord

View = TypeVar("View", bound=Callable[..., Any])
_BEARER_HEADER = re.compile(r"Bearer [^\s]+")


def verify_token(*, refresh: bool = False, cookie: bool = False) -> None:
    """Anything but `Authorization: Bearer <token>` is refused before the token is read. With
    `cookie`, a request in the cookie flow (`users.auth.cookies`) without an Authorization
    header is let in by the refresh token in its cookie instead."""
    if cookie and cookie_requested() and "Authorization" not in request.headers:
        verify_jwt_in_request(refresh=True, locations=["cookies"])
        return
    if not _BEARER_HEADER.fullmatch(request.headers.get("Authorization", "")):
        raise HTTPError(401, messages.PROVIDE_TOKEN, headers=BEARER)
    verify_jwt_in_request(refresh=refresh)


def current_account() -> UserRecord:
    """The user the request's token speaks for (after `verify_token`)."""
    return cast(UserRecord, get_current_user())


def require_admin() -> None:
    verify_token()
    if not current_account()["admin"]:
        raise HTTPError(403, messages.FORBIDDEN)


def creating_users_needs_admin() -> bool:
    """Whether `POST /users` and the page's form are for admins only: the API, the page and
    the docs all ask this one function."""
    return settings().users_create_requires_admin


def token_required(*, refresh: bool = False, cookie: bool = False) -> Callable[[View], View]:
    """401 unless the request carries a valid token of this type (or, with `cookie`, a valid
    refresh cookie: see `verify_token`)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            verify_token(refresh=refresh, cookie=cookie)
            return view(*args, **kwargs)

        return cast(View, wrapper)

    return decorator


def admin_only(when: Callable[[], bool] | None = None) -> Callable[[View], View]:
    """401 without a valid access token, 403 unless its user is an admin; with `when`, only
    while it answers true."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if when is None or when():
                require_admin()
            return view(*args, **kwargs)

        return cast(View, wrapper)

    return decorator
