from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from apiflask import APIBlueprint, abort
from flask import current_app, url_for

from users import accounts
from users.api import require_json_body
from users.api.auth import BEARER_AUTH, PASSWORD_TOO_COMMON
from users.models import EmailTaken, delete_user, get_user, public_user, users_after
from users.passwords import PasswordTooCommon
from users.schemas import (
    Message,
    UserCreate,
    UserCreated,
    UserListQuery,
    UserListResponse,
    UserOut,
    UserPage,
    UserResponse,
    UserUpdate,
    encode_cursor,
)
from users.tokens import admin_only

bp = APIBlueprint("users", __name__, tag="Users")
bp.before_request(require_json_body)

EMAIL_EXISTS = "Sorry. That email already exists."
USER_NOT_FOUND = "User does not exist"
_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)
Found = TypeVar("Found")


def find(loader: Callable[[int], Found | None], raw_id: str) -> Found:
    """The course's contract: not an integer is 400, any integer that names no user is 404."""
    if not _INTEGER.fullmatch(raw_id):
        abort(400, "Param id error")
    found = loader(int(raw_id))
    if found is None:
        abort(404, USER_NOT_FOUND)
    return found


@bp.post("/users")
@admin_only(when="USERS_CREATE_REQUIRES_ADMIN")
@bp.input(UserCreate, arg_name="new_user")
@bp.output(UserCreated, status_code=201)
@bp.doc(responses=[400, 401, 403])
def add_user(new_user: UserCreate) -> UserCreated:
    """Add a user

    The email must not belong to another user, compared case-insensitively. Open to anyone
    unless the service sets `USERS_CREATE_REQUIRES_ADMIN`; then it takes an admin's token
    and may set a `password`.
    """
    admins_only = current_app.config["USERS_CREATE_REQUIRES_ADMIN"]
    try:
        user = accounts.add_user(new_user, with_password=admins_only)
    except PasswordTooCommon:
        abort(400, PASSWORD_TOO_COMMON)
    except EmailTaken:
        abort(400, EMAIL_EXISTS)
    return UserCreated(message=f"{user.email} was added!", data=UserOut.model_validate(user))


@bp.get("/users/<user_id>")
@bp.output(UserResponse)
@bp.doc(responses=[400, 404])
def get_single_user(user_id: str) -> UserResponse:
    """Get one user"""
    return UserResponse(data=UserOut.model_validate(find(public_user, user_id)))


@bp.patch("/users/<user_id>")
@admin_only()
@bp.input(UserUpdate, arg_name="update")
@bp.output(UserResponse)
@bp.doc(security=BEARER_AUTH, responses=[400, 401, 403, 404])
def patch_user(user_id: str, update: UserUpdate) -> UserResponse:
    """Change a user (admins only)

    Only the fields given change. A new password or a deactivation ends all of the user's
    sessions.
    """
    user = find(get_user, user_id)
    try:
        user = accounts.change_user(user, update)
    except PasswordTooCommon:
        abort(400, PASSWORD_TOO_COMMON)
    except EmailTaken:
        abort(400, EMAIL_EXISTS)
    return UserResponse(data=UserOut.model_validate(user))


@bp.delete("/users/<user_id>")
@admin_only()
@bp.output(Message)
@bp.doc(security=BEARER_AUTH, responses=[400, 401, 403, 404])
def remove_user(user_id: str) -> Message:
    """Delete a user (admins only)

    Its tokens stop working at once.
    """
    user = find(get_user, user_id)
    delete_user(user)
    return Message(message=f"{user.email} was removed!")


@bp.get("/users")
@bp.input(UserListQuery, location="query", arg_name="query")
@bp.output(UserListResponse)
@bp.doc(responses=[400])
def list_users(query: UserListQuery) -> tuple[UserListResponse, int, dict[str, Any]]:
    """List users, oldest first

    One page per request; follow `data.next_cursor` (or the `Link: rel="next"` header)
    until it is null.
    """
    rows = users_after(after_id=query.cursor or 0, limit=query.limit + 1)
    page = rows[: query.limit]
    next_cursor = encode_cursor(page[-1]["id"]) if len(rows) > query.limit else None
    headers = {}
    if next_cursor is not None:
        next_url = url_for(
            "users.list_users", limit=query.limit, cursor=next_cursor, _external=True
        )
        headers["Link"] = f'<{next_url}>; rel="next"'
    body = UserListResponse(
        data=UserPage(
            users=[UserOut.model_validate(user) for user in page],
            next_cursor=next_cursor,
            limit=query.limit,
        )
    )
    return body, 200, headers
