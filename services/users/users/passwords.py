"""Password hashing (argon2id) and the password policy.

The hasher's parameters come from the configuration and live on the app, so tests can use
cheap ones. A dummy hash made at start-up lets a login for an unknown email cost exactly what
a wrong password costs, so the response time does not reveal which emails exist.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app

from users.models import User


class PasswordTooCommon(ValueError):
    """The password is on the list of the most common ones."""


@cache
def common_passwords() -> frozenset[str]:
    """Loaded once per process, on first use."""
    text = files("users").joinpath("data/common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


@dataclass(frozen=True)
class Passwords:
    hasher: PasswordHasher
    dummy_hash: str

    def hash_new(self, password: str) -> str:
        """Hash a password a user chose, or raise `PasswordTooCommon`. Length is checked by
        the schemas; nothing is ever truncated."""
        if password.lower() in common_passwords():
            raise PasswordTooCommon
        return self.hasher.hash(password)

    def check(self, user: User | None, password: str) -> bool:
        """Verify, at the same cost whether or not the user exists or has a password; upgrade
        the stored hash when the parameters have changed since it was made."""
        stored = user.password_hash if user is not None else None
        try:
            self.hasher.verify(stored or self.dummy_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if stored is None or user is None:
            return False
        if self.hasher.check_needs_rehash(stored):
            user.password_hash = self.hasher.hash(password)
        return True


def init_passwords(app: Flask) -> None:
    hasher = PasswordHasher(
        time_cost=app.config["ARGON2_TIME_COST"],
        memory_cost=app.config["ARGON2_MEMORY_COST"],
        parallelism=app.config["ARGON2_PARALLELISM"],
    )
    app.extensions["passwords"] = Passwords(hasher, hasher.hash(secrets.token_urlsafe(16)))


def passwords() -> Passwords:
    found: Passwords = current_app.extensions["passwords"]
    return found
