"""Rate limits on login and registration, per client address and per account.

Counters live in memory (per process) by default and in Redis when `REDIS_URL` is set, which
makes a limit hold across every worker and replica. The client address is the one the trusted
proxy passed (`TRUSTED_PROXIES`), so a client cannot reset its count with a forged
`X-Forwarded-For`.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, request
from flask_limiter import RateLimitExceeded, RequestLimit

from users.errors import MESSAGES, failure
from users.extensions import client_address, limiter
from users.models import email_key

log = logging.getLogger("users.auth")

View = TypeVar("View", bound=Callable[..., Any])


def init_rate_limits(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"] or "memory://")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", app.config["REDIS_KEY_PREFIX"] + "limits")
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, on_rate_limited)


def on_rate_limited(error: RateLimitExceeded) -> Any:
    """429 with `Retry-After` only. flask-limiter's X-RateLimit-* headers on every response
    would count attempts per account, and so tell apart emails someone has used."""
    breached = limiter.current_limit
    seconds = math.ceil(breached.reset_at - time.time()) if breached else 60
    return failure(429, MESSAGES[429], {"Retry-After": str(max(1, seconds))})


def account_key() -> str:
    """The account a login or registration is for: the email in its body, case-folded."""
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    if isinstance(email, str) and email.strip():
        return "account:" + email_key(email.strip())
    return client_address()


def auth_rate_limit() -> str:
    limit: str = current_app.config["AUTH_RATE_LIMIT"]
    return limit


def log_breach(limit: RequestLimit) -> None:
    log.warning("lockout client=%s path=%s limit=%s", client_address(), request.path, limit.limit)


def rate_limited(view: View) -> View:
    """Both limits, checked before the view parses anything."""
    per_client = limiter.limit(auth_rate_limit, on_breach=log_breach)
    per_account = limiter.limit(auth_rate_limit, key_func=account_key, on_breach=log_breach)
    return per_client(per_account(view))  # type: ignore[return-value]
