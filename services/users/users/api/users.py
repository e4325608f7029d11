from __future__ import annotations

import re
from typing import Any

from apiflask import APIBlueprint, abort
from flask import url_for

from users.api import require_json_body
from users.models import EmailTaken, create_user, get_user, users_after
from users.schemas import (
    UserCreate,
    UserCreated,
    UserListQuery,
    UserListResponse,
    UserOut,
    UserPage,
    UserResponse,
    encode_cursor,
)

bp = APIBlueprint("users", __name__, tag="Users")
bp.before_request(require_json_body)

EMAIL_EXISTS = "Sorry. That email already exists."
USER_NOT_FOUND = "User does not exist"
_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)


def parse_user_id(raw: str) -> int:
    """The course's contract: not an integer is 400, any integer that names no user is 404."""
    if not _INTEGER.fullmatch(raw):
        abort(400, "Param id error")
    return int(raw)


@bp.post("/users")
@bp.input(UserCreate, arg_name="new_user")
@bp.output(UserCreated, status_code=201)
@bp.doc(responses=[400, 413, 415])
def add_user(new_user: UserCreate) -> UserCreated:
    """Add a user

    The email must not belong to another user, compared case-insensitively.
    """
    try:
        user = create_user(username=new_user.username, email=new_user.email)
    except EmailTaken:
        abort(400, EMAIL_EXISTS)
    return UserCreated(message=f"{user.email} was added!", data=UserOut.model_validate(user))


@bp.get("/users/<user_id>")
@bp.output(UserResponse)
@bp.doc(responses=[400, 404])
def get_single_user(user_id: str) -> UserResponse:
    """Get one user"""
    user = get_user(parse_user_id(user_id))
    if user is None:
        abort(404, USER_NOT_FOUND)
    return UserResponse(data=UserOut.model_validate(user))


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
    next_cursor = encode_cursor(page[-1].id) if len(rows) > query.limit else None
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
