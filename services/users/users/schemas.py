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
    model_serializer,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core.core_schema import SerializerFunctionWrapHandler

from users.tables import EMAIL_MAX, MAX_ID, USERNAME_MAX

PASSWORD_MAX = 128
RESET_TOKEN_MAX = 128  # issued ones are 43 characters; anything longer is not worth a lookup
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50
# The security scheme protected operations name in the spec.
BEARER_AUTH = "BearerAuth"
REFRESH_COOKIE_AUTH = "RefreshCookie"
SECURITY_SCHEMES = {
    BEARER_AUTH: {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
    REFRESH_COOKIE_AUTH: {
        "type": "apiKey",
        "in": "cookie",
        "name": "refresh_token",
        "description": "Read only from a request with `X-Refresh-Cookie: 1` and no "
        "Authorization header.",
    },
}
# Either one: what refresh and logout accept.
BEARER_OR_COOKIE: list[str | dict[str, list[Any]]] = [
    {BEARER_AUTH: []},
    {REFRESH_COOKIE_AUTH: []},
]


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


# A password to check, not to set: any non-empty string up to the maximum (the policy applies
# only to new passwords; one set before a policy change must still log in).
GivenPassword = Annotated[StrictStr, StringConstraints(min_length=1, max_length=PASSWORD_MAX)]


class Login(BaseModel):
    # `\S`: trimmed, the address must still hold something (what the server checks).
    email: Annotated[
        StrictStr,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=EMAIL_MAX),
        AfterValidator(_no_nul),
        Field(json_schema_extra={"pattern": r"\S"}),
    ] = Field(examples=["michael@mherman.org"])
    password: GivenPassword


class ProfileUpdate(BaseModel):
    """The logged-in user's own changes: `username` and/or `email`; a new email also needs
    `current_password`. Any other key is refused, and so is `null`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [{"required": ["username"]}, {"required": ["email"]}],
            "dependentRequired": {"email": ["current_password"]},
        },
    )

    username: Username | SkipJsonSchema[None] = None
    email: Email | SkipJsonSchema[None] = None
    current_password: GivenPassword | SkipJsonSchema[None] = None

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        if isinstance(data, dict) and any(v is None for v in data.values()):
            raise ValueError("no field may be null")
        return data

    @model_validator(mode="after")
    def _something_to_change(self) -> ProfileUpdate:
        if self.username is None and self.email is None:
            raise ValueError("give a username or an email to change")
        if self.email is not None and self.current_password is None:
            raise ValueError("changing the email needs current_password")
        return self


class PasswordChange(BaseModel):
    current_password: GivenPassword
    new_password: Password


class AccountDeletion(BaseModel):
    password: GivenPassword


class ResetRequest(BaseModel):
    email: Email


class ResetConfirm(BaseModel):
    token: Annotated[
        StrictStr,
        StringConstraints(min_length=1, max_length=RESET_TOKEN_MAX),
        Field(description="The `token` of the emailed link."),
    ]
    new_password: Password


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
    """A user as clients see it; never a password or its hash."""

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
    refresh_token: str | SkipJsonSchema[None] = Field(
        None,
        description="Refresh token (JWT), for `POST /auth/refresh`; absent when the request "
        "asked for it as a cookie (`X-Refresh-Cookie: 1`).",
    )

    @model_serializer(mode="wrap")
    def _absent_when_in_cookie(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if data.get("refresh_token") is None:
            del data["refresh_token"]
        return data


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


Check = Literal["ok", "unavailable", "not configured"]


class Ready(BaseModel):
    status: Literal["success"] = "success"
    checks: dict[str, Check] = Field(
        examples=[{"database": "ok", "redis": "not configured"}],
        description="`database`, and `redis` when the service uses one.",
    )


class NotReady(BaseModel):
    status: Literal["fail"]
    message: str = Field(examples=["Service temporarily unavailable."])
    checks: dict[str, Check] = Field(examples=[{"database": "unavailable", "redis": "ok"}])


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
