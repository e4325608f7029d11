from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint
from flask import url_for

from users import accounts, messages
from users.api import contract_id, idempotency, require_json_body, respond_to
from users.api.idempotency import IDEMPOTENT, idempotent
from users.auth.guards import admin_only, creating_users_needs_admin
from users.exceptions import EmailTaken, PasswordTooCommon, UserNotFound
from users.schemas import (
    BEARER_AUTH,
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

bp = APIBlueprint("users", __name__, tag="Users")
bp.before_request(require_json_body)
respond_to(
    bp,
    {
        EmailTaken: (400, messages.EMAIL_EXISTS),
        PasswordTooCommon: (400, messages.PASSWORD_TOO_COMMON),
        UserNotFound: (404, messages.USER_NOT_FOUND),
        **idempotency.ANSWERS,
    },
)


@bp.post("/users")
@admin_only(when=creating_users_needs_admin)
@idempotent
@bp.input(UserCreate, arg_name="new_user")
@bp.output(UserCreated, status_code=201)
@bp.doc(responses=[400, 401, 403], extensions=IDEMPOTENT)
def add_user(new_user: UserCreate) -> UserCreated:
    """Add a user

    The email must not belong to another user, compared case-insensitively. Open to anyone
    unless the service sets `USERS_CREATE_REQUIRES_ADMIN`; then it takes an admin's token
    and may set a `password`.
    """
    user = accounts.add_user(new_user, with_password=creating_users_needs_admin())
    return UserCreated(
        message=messages.user_added(user["email"]), data=UserOut.model_validate(user)
    )


@bp.get("/users/<int:user_id>")
@bp.output(UserResponse)
@bp.doc(responses=[400, 404])
def get_single_user(user_id: int | None) -> UserResponse:
    """Get one user"""
    return UserResponse(data=UserOut.model_validate(accounts.user(contract_id(user_id))))


@bp.patch("/users/<int:user_id>")
@admin_only()
@bp.input(UserUpdate, arg_name="update")
@bp.output(UserResponse)
@bp.doc(security=BEARER_AUTH, responses=[400, 401, 403, 404])
def patch_user(user_id: int | None, update: UserUpdate) -> UserResponse:
    """Change a user (admins only)

    Only the fields given change. A new password or a deactivation ends all of the user's
    sessions.
    """
    user = accounts.change_user(contract_id(user_id), update)
    return UserResponse(data=UserOut.model_validate(user))


@bp.delete("/users/<int:user_id>")
@admin_only()
@bp.output(Message)
@bp.doc(security=BEARER_AUTH, responses=[400, 401, 403, 404])
def remove_user(user_id: int | None) -> Message:
    """Delete a user (admins only)

    Its tokens stop working at once.
    """
    removed = accounts.remove_user(contract_id(user_id))
    return Message(message=messages.user_removed(removed["email"]))


@bp.get("/users")
@bp.input(UserListQuery, location="query", arg_name="query")
@bp.output(UserListResponse)
@bp.doc(responses=[400])
def list_users(query: UserListQuery) -> tuple[UserListResponse, int, dict[str, Any]]:
    """List users, oldest first

    One page per request; follow `data.next_cursor` (or the `Link: rel="next"` header)
    until it is null.
    """
    rows = accounts.users_after(query.cursor or 0, query.limit + 1)
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
