"""Password hashing (argon2id) and the password policy.

The hasher's parameters come from the settings and live on the app, so tests can use cheap
ones. A dummy hash made at start-up lets a login for an unknown email cost exactly what a
wrong password costs, so the response time does not reveal which emails exist.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app

from users.config import Settings
from users.exceptions import PasswordTooCommon


@cache
def common_passwords() -> frozenset[str]:
    """Loaded once per process, on first use."""
    text = files("users").joinpath("data/common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


@dataclass(frozen=True)
class Verdict:
    correct: bool
    rehashed: str | None = None  # a new hash to store when the parameters have changed


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

    def check(self, stored_hash: str | None, password: str) -> Verdict:
        """Verify at the same cost whether or not there is a stored hash (no user, or a user
        without a password)."""
        try:
            self.hasher.verify(stored_hash or self.dummy_hash, password)
        except (VerificationError, InvalidHashError):
            return Verdict(correct=False)
        if stored_hash is None:
            return Verdict(correct=False)
        if self.hasher.check_needs_rehash(stored_hash):
            return Verdict(correct=True, rehashed=self.hasher.hash(password))
        return Verdict(correct=True)


def init_passwords(app: Flask, settings: Settings) -> None:
    hasher = PasswordHasher(
        time_cost=settings.argon2_time_cost,
        memory_cost=settings.argon2_memory_cost,
        parallelism=settings.argon2_parallelism,
    )
    app.extensions["passwords"] = Passwords(hasher, hasher.hash(secrets.token_urlsafe(16)))


def passwords() -> Passwords:
    found: Passwords = current_app.extensions["passwords"]
    return found
