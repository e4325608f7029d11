"""Rate limits on login and registration, per client address and per account.

Built on `limits` (the engine under flask-limiter) and applied only to the views that carry
`@rate_limited`: flask-limiter's hook on every request cost about 40 µs, 30% of `GET /ping`.
Moving windows, so "N per minute" never lets 2N through across a window edge. Counters live in
memory (per process) by default and in Redis when `REDIS_URL` is set, which makes a limit hold
across every worker and replica. The client address is the one the trusted proxy passed
(`TRUSTED_PROXIES`), so a forged `X-Forwarded-For` cannot reset a count.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from apiflask import HTTPError
from flask import Flask, current_app, request
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from users.errors import MESSAGES
from users.extensions import client_address
from users.models import email_key

log = logging.getLogger("users.auth")

View = TypeVar("View", bound=Callable[..., Any])


@dataclass(frozen=True)
class RateLimits:
    limiter: MovingWindowRateLimiter
    limit: RateLimitItem
    prefix: str

    def hit(self, scope: str, key: str) -> None:
        """Count one attempt, or raise 429 if the window is already full."""
        if self.limiter.hit(self.limit, self.prefix, scope, key):
            return
        reset_at, _ = self.limiter.get_window_stats(self.limit, self.prefix, scope, key)
        log.warning(
            "lockout client=%s path=%s key=%s", client_address(), request.path, key.split(":", 1)[0]
        )
        retry_after = max(1, math.ceil(reset_at - time.time()))
        raise HTTPError(429, MESSAGES[429], headers={"Retry-After": str(retry_after)})


def init_rate_limits(app: Flask) -> None:
    """`AUTH_RATE_LIMIT` such as "10 per minute"; empty turns the limits off."""
    limit = app.config["AUTH_RATE_LIMIT"]
    app.extensions["rate_limits"] = (
        RateLimits(
            MovingWindowRateLimiter(storage_from_string(app.config["REDIS_URL"] or "memory://")),
            parse(limit),
            app.config["REDIS_KEY_PREFIX"] + "limits",
        )
        if limit
        else None
    )


def account_key() -> str | None:
    """The account a login or registration is for: the email in its body, case-folded."""
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    if isinstance(email, str) and email.strip():
        return "account:" + email_key(email.strip())
    return None


def rate_limited(view: View) -> View:
    """Both limits, checked before the view parses anything. No `X-RateLimit-*` headers:
    per-account counts in them would tell apart emails someone has used."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        limits: RateLimits | None = current_app.extensions["rate_limits"]
        if limits is not None:
            scope = request.endpoint or request.path
            limits.hit(scope, "client:" + client_address())
            account = account_key()
            if account is not None:
                limits.hit(scope, account)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
