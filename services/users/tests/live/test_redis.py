"""In-process apps on the real Redis: its breaker and the readiness check."""

from __future__ import annotations

import time

from tests.helpers import AppFactory


def test_a_readiness_check_past_the_cool_down_closes_the_redis_breaker(
    make_app: AppFactory, redis_url: str, redis_prefix: str
) -> None:
    """After a blip of Redis, the first request past the cool-down is the breaker's probe,
    whichever it is: a readiness check (the orchestrator's, every few seconds) answered by
    Redis closes the breaker for the logins after it too."""
    app = make_app(redis_url=redis_url, redis_key_prefix=redis_prefix, outage_cool_down=0.2)
    client = app.test_client()
    app.extensions["rate_limits"].breaker.failed()  # Redis did not answer a moment ago
    time.sleep(0.3)
    ready = client.get("/health/ready")
    assert (ready.status_code, ready.get_json()["checks"]["redis"]) == (200, "ok")
    login = client.post("/auth/login", json={"email": "a@example.com", "password": "wrong one!"})
    assert login.status_code == 401  # checked against Redis's counters, not refused 503
