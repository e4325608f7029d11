"""Every message a client or a user of the commands reads, in one place. The contract's are
exact: clients match on them."""

from __future__ import annotations

# The users contract.
PONG = "pong!"
INVALID_PAYLOAD = "Invalid payload."
EMAIL_EXISTS = "Sorry. That email already exists."
PARAM_ID_ERROR = "Param id error"
USER_NOT_FOUND = "User does not exist"


def user_added(email: str) -> str:
    return f"{email} was added!"


def user_removed(email: str) -> str:
    return f"{email} was removed!"


# Authentication.
REGISTERED = "Successfully registered."
LOGGED_IN = "Successfully logged in."
LOGGED_OUT = "Successfully logged out."
USER_EXISTS = "Sorry. That user already exists."
PASSWORD_TOO_COMMON = "Password is too common."
BAD_LOGIN = "Invalid email or password."
INACTIVE = "Account is inactive."
PROVIDE_TOKEN = "Provide a valid auth token."
EXPIRED_TOKEN = "Signature expired. Please log in again."
INVALID_TOKEN = "Invalid token. Please log in again."
FORBIDDEN = "You do not have permission to do that."

# Account self-service.
PASSWORD_CHANGED = "Password changed."
ACCOUNT_DELETED = "Account deleted."
RESET_REQUESTED = "If that address has an account, a reset link is on its way."
PASSWORD_RESET = "Password reset. Please log in."
RESET_LINK_INVALID = "Reset link is invalid or has expired."
RESET_EMAIL_SUBJECT = "Reset your password"


def reset_email_text(link: str) -> str:
    return (
        "Someone (we hope you) asked to reset the password of your account.\n\n"
        f"Choose a new password here: {link}\n\n"
        "The link works once, for 30 minutes. If you did not ask, ignore this email: your "
        "password stays as it is.\n"
    )


def reset_email_html(escaped_link: str) -> str:
    return (
        "<p>Someone (we hope you) asked to reset the password of your account.</p>"
        f'<p><a href="{escaped_link}">Choose a new password</a></p>'
        "<p>The link works once, for 30 minutes. If you did not ask, ignore this email: your "
        "password stays as it is.</p>"
    )


UNAVAILABLE = "Service temporarily unavailable."
BAD_IDEMPOTENCY_KEY = "Idempotency-Key must be 1 to 255 printable ASCII characters."
IDEMPOTENCY_KEY_REUSED = "This Idempotency-Key was used with a different request."
IDEMPOTENCY_KEY_IN_FLIGHT = "A request with this Idempotency-Key is still being answered."

# Errors any route can give, by status code.
HTTP_ERRORS = {
    400: "Bad request.",
    404: "Resource not found.",
    405: "Method not allowed.",
    413: "Request body too large.",
    415: f"{INVALID_PAYLOAD} Content-Type must be application/json.",
    429: "Too many requests. Try again later.",
    500: "Internal server error.",
    503: UNAVAILABLE,
}

# The page.
CSRF_FAILED = "The form has expired or did not come from this site. Reload the page and retry."
NO_SUCH_PAGE = "That page of users does not exist."
FORM_NEEDS_ADMIN = "Adding users needs an admin on this service: use the API with an admin token."

# The commands.
REFUSE_RECREATE = "Refusing to destroy the production database; pass --force if you mean it."
