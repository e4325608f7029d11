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
from limits.errors import StorageError
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter

from users import messages, metrics
from users.config import Settings
from users.exceptions import DependencyUnavailable
from users.extensions import client_address
from users.outages import Breaker
from users.tables import email_key

log = logging.getLogger("users.auth")

View = TypeVar("View", bound=Callable[..., Any])


@dataclass(frozen=True)
class RateLimits:
    storage: Storage  # Redis when configured, else this process's memory
    limiter: MovingWindowRateLimiter
    limit: RateLimitItem | None  # None: limits are off
    prefix: str
    breaker: Breaker

    def storage_answers(self) -> bool:
        """For the readiness check: the counters' store answers (within its timeout). The
        check is a request through the breaker like any other: past the cool-down it is the
        probe, and its answer closes or reopens the breaker."""
        try:
            self.breaker.check()
        except DependencyUnavailable:
            return False
        answers = bool(self.storage.check())
        if answers:
            self.breaker.succeeded()
        else:
            self.breaker.failed()
        return answers

    def hit(self, scope: str, key: str) -> None:
        """Count one attempt, or raise 429 if the window is already full (503 if the counters
        cannot be reached: a limit that cannot be checked is not waived)."""
        if self.limit is None:
            return
        self.breaker.check()
        try:
            allowed = self.limiter.hit(self.limit, self.prefix, scope, key)
            if not allowed:
                reset_at, _ = self.limiter.get_window_stats(self.limit, self.prefix, scope, key)
        except StorageError as error:
            self.breaker.failed()
            raise self.breaker.unavailable(" ".join(str(error.storage_error).split())) from None
        self.breaker.succeeded()
        if allowed:
            return
        metrics.RATE_LIMITED.inc()
        log.warning(
            "lockout client=%s path=%s key=%s", client_address(), request.path, key.split(":", 1)[0]
        )
        retry_after = max(1, math.ceil(reset_at - time.time()))
        raise HTTPError(429, messages.HTTP_ERRORS[429], headers={"Retry-After": str(retry_after)})


def init_rate_limits(app: Flask, settings: Settings) -> None:
    """`AUTH_RATE_LIMIT` such as "10 per minute"; empty turns the limits off. The Redis
    client gives up after `REDIS_TIMEOUT` seconds; its errors arrive as `StorageError`."""
    limit = settings.auth_rate_limit
    storage: Storage = MemoryStorage()
    if settings.redis_url:
        timeout = settings.redis_timeout
        storage = RedisStorage(
            settings.redis_url,
            wrap_exceptions=True,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
        )
    app.extensions["rate_limits"] = RateLimits(
        storage=storage,
        limiter=MovingWindowRateLimiter(storage),
        limit=parse(limit) if limit else None,
        prefix=settings.redis_key_prefix + "limits",
        breaker=Breaker("redis", settings.outage_cool_down),
    )


def rate_limits() -> RateLimits:
    found: RateLimits = current_app.extensions["rate_limits"]
    return found


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
        limits = rate_limits()
        scope = request.endpoint or request.path
        limits.hit(scope, "client:" + client_address())
        account = account_key()
        if account is not None:
            limits.hit(scope, account)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
