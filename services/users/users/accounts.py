"""What the views ask for: registering, logging in, adding and changing users. Each function
does one piece of work with the models and the password hasher, and commits it."""

from __future__ import annotations

import logging

from users.extensions import client_address, db
from users.models import User, create_user, get_user_by_email, update_user
from users.passwords import passwords
from users.schemas import Registration, UserCreate, UserUpdate

log = logging.getLogger("users.auth")


class LoginFailed(Exception):
    """Unknown email or wrong password: deliberately not told apart."""


class AccountInactive(Exception):
    """The password was right, but the account is deactivated."""


def register(registration: Registration) -> User:
    """An active user with a password; raises `PasswordTooCommon` or `EmailTaken`."""
    password_hash = passwords().hash_new(registration.password)
    user = create_user(
        username=registration.username,
        email=registration.email,
        active=True,
        password_hash=password_hash,
    )
    log.info("register user=%s client=%s", user.id, client_address())
    return user


def log_in(email: str, password: str) -> User:
    user = get_user_by_email(email)
    if not passwords().check(user, password) or user is None:
        log.info("login.failure client=%s user=%s", client_address(), user.id if user else "-")
        raise LoginFailed
    if not user.active:
        log.info("login.inactive client=%s user=%s", client_address(), user.id)
        raise AccountInactive
    db.session.commit()  # keeps a hash upgraded by `check`
    log.info("login.success client=%s user=%s", client_address(), user.id)
    return user


def add_user(new_user: UserCreate, *, with_password: bool) -> User:
    """`POST /users`: inactive, as the course has it; a password only when admins create."""
    password_hash = None
    if with_password and new_user.password is not None:
        password_hash = passwords().hash_new(new_user.password)
    return create_user(
        username=new_user.username, email=new_user.email, password_hash=password_hash
    )


def change_user(user: User, update: UserUpdate) -> User:
    changes = update.model_dump(exclude_unset=True, exclude={"password"})
    if update.password is not None:
        changes["password_hash"] = passwords().hash_new(update.password)
    return update_user(user, **changes)


def make_admin(*, username: str, email: str, password: str) -> User:
    """Create an active admin, or promote the user with this email and set its password."""
    password_hash = passwords().hash_new(password)
    user = get_user_by_email(email)
    if user is None:
        return create_user(
            username=username, email=email, active=True, admin=True, password_hash=password_hash
        )
    return update_user(user, admin=True, active=True, password_hash=password_hash)
