"""Request and response shapes, declared once: they validate input, serialise output and
document both in the OpenAPI spec. One schema per direction; ORM objects never leave a view."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import datetime
from typing import Annotated, Any, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from users.models import EMAIL_MAX, MAX_ID, USERNAME_MAX

PASSWORD_MAX = 128
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50


def _check_email(value: str) -> str:
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError(str(error)) from None
    return value


def _no_nul(value: str) -> str:
    """PostgreSQL cannot store NUL in text; refuse it everywhere so all databases agree.
    (Lone surrogates never get this far: pydantic refuses them as invalid Unicode.)"""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


Username = Annotated[
    StrictStr,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=USERNAME_MAX),
    AfterValidator(_no_nul),
]
Email = Annotated[
    StrictStr,
    StringConstraints(strip_whitespace=True, min_length=3, max_length=EMAIL_MAX),
    AfterValidator(_check_email),
    Field(examples=["michael@mherman.org"], json_schema_extra={"format": "email"}),
]


# Aware UTC to the second, which pydantic writes as `2026-11-23T22:59:09Z`.
Timestamp = Annotated[datetime, Field(examples=["2026-11-23T22:59:09Z"])]


Password = Annotated[
    StrictStr,
    StringConstraints(min_length=8, max_length=PASSWORD_MAX),
    AfterValidator(_no_nul),
    Field(description="8 to 128 characters, not a common password; never trimmed."),
]


class UserCreate(BaseModel):
    """A new user. Keys other than these are ignored; `password` is honoured only when
    creating users needs an admin (`USERS_CREATE_REQUIRES_ADMIN`)."""

    username: Username = Field(examples=["michael"])
    email: Email
    password: Password | None = None


class Registration(BaseModel):
    username: Username = Field(examples=["michael"])
    email: Email
    password: Password


class Login(BaseModel):
    email: Annotated[
        StrictStr, StringConstraints(strip_whitespace=True, min_length=1, max_length=EMAIL_MAX)
    ] = Field(examples=["michael@mherman.org"])
    password: Annotated[StrictStr, StringConstraints(min_length=1, max_length=PASSWORD_MAX)]


class UserUpdate(BaseModel):
    """Only these fields can change; any other key is refused, and so is `null`."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"minProperties": 1})

    # `SkipJsonSchema[None]`: absent means "unchanged", and the spec must not offer `null`.
    username: Username | SkipJsonSchema[None] = None
    email: Email | SkipJsonSchema[None] = None
    active: StrictBool | SkipJsonSchema[None] = None
    admin: StrictBool | SkipJsonSchema[None] = None
    password: Password | SkipJsonSchema[None] = None

    @model_validator(mode="before")
    @classmethod
    def _some_change_and_no_nulls(cls, data: Any) -> Any:
        if isinstance(data, dict) and (not data or any(v is None for v in data.values())):
            raise ValueError("give at least one field to change, none of them null")
        return data


class UserOut(BaseModel):
    """A user as clients see it; never a password or its hash. Built from a `UserRecord`
    dict, or from the ORM object after a write."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    email: str
    active: bool
    created_at: Timestamp


class AccountOut(UserOut):
    admin: bool


class AccountResponse(BaseModel):
    status: Literal["success"] = "success"
    data: AccountOut


class Tokens(BaseModel):
    status: Literal["success"] = "success"
    auth_token: str = Field(description="Access token (JWT), sent as `Authorization: Bearer`.")
    refresh_token: str = Field(description="Refresh token (JWT), for `POST /auth/refresh`.")


class TokensIssued(Tokens):
    message: str


class UserResponse(BaseModel):
    status: Literal["success"] = "success"
    data: UserOut


class UserCreated(UserResponse):
    message: str = Field(examples=["michael@mherman.org was added!"])


class Message(BaseModel):
    status: Literal["success"] = "success"
    message: str


class Failure(BaseModel):
    """Every error, whatever its status code."""

    status: Literal["fail"]
    message: str = Field(examples=["Invalid payload."])


def encode_cursor(last_id: int) -> str:
    """An opaque token for 'the page after this user'."""
    return base64.urlsafe_b64encode(f"after:{last_id}".encode()).decode().rstrip("=")


_CURSOR = re.compile(r"after:([0-9]{1,19})", re.ASCII)


def decode_cursor(token: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValueError("cursor is not one this service issued") from None
    match = _CURSOR.fullmatch(text)
    if match is None or int(match.group(1)) > MAX_ID:
        raise ValueError("cursor is not one this service issued")
    return int(match.group(1))


Cursor = Annotated[
    int,
    BeforeValidator(decode_cursor),
    WithJsonSchema({"type": "string", "description": "`next_cursor` of the previous page."}),
]


def _clamp_limit(value: int) -> int:
    return min(value, MAX_PAGE_SIZE)


class UserListQuery(BaseModel):
    """Keyset pagination: pass back `next_cursor` to get the next page."""

    limit: Annotated[int, Field(ge=1), AfterValidator(_clamp_limit)] = Field(
        DEFAULT_PAGE_SIZE,
        description=f"Users per page, 1 or more; values above {MAX_PAGE_SIZE} are clamped.",
    )
    cursor: Cursor | None = None


class PageQuery(BaseModel):
    """The HTML page's paging: users older than `before`."""

    before: int | None = Field(None, ge=1, le=MAX_ID)


class UserPage(BaseModel):
    users: list[UserOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last."
    )
    limit: int


class UserListResponse(BaseModel):
    status: Literal["success"] = "success"
    data: UserPage
