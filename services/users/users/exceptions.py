"""What can go wrong in the service's own terms. The use cases raise these; each blueprint maps
them to responses once (`users.api.respond_to`), the commands to one-line errors."""

from __future__ import annotations


class EmailTaken(Exception):
    """Another user already has this email address (compared case-insensitively)."""


class PasswordTooCommon(ValueError):
    """The password is on the list of the most common ones."""


class UserNotFound(LookupError):
    """No user has this id."""


class LoginFailed(Exception):
    """Unknown email or wrong password: deliberately not told apart."""


class AccountInactive(Exception):
    """The password was right, but the account is deactivated."""


class ResetTokenInvalid(Exception):
    """A password-reset token that is unknown, used, superseded, expired, or older than the
    password it would reset."""


class RefreshTokenReused(Exception):
    """A refresh token that is no longer its session's current one: the session was ended."""


class DependencyUnavailable(Exception):
    """The database or Redis is down, frozen or failing fast: try again after a while."""

    def __init__(self, dependency: str, retry_after: int, reason: str = "failing fast") -> None:
        super().__init__(f"{dependency} unavailable: {reason}")
        self.dependency = dependency
        self.retry_after = retry_after
        self.reason = reason


class KeyClaimed(Exception):
    """Another request with this `Idempotency-Key` came first."""


class IdempotencyKeyReused(Exception):
    """This `Idempotency-Key` was first sent with another request body."""


class IdempotencyKeyInFlight(Exception):
    """The first request with this `Idempotency-Key` is still being answered."""
