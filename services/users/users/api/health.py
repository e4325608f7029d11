"""Liveness and readiness, for Kubernetes' probes, Docker's HEALTHCHECK and load balancers."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

import sqlalchemy as sa
from apiflask import APIBlueprint
from flask import copy_current_request_context, current_app

from users import messages, queries
from users.auth.limits import rate_limits
from users.config import settings
from users.exceptions import DependencyUnavailable
from users.schemas import Check, Message, NotReady, Ready

bp = APIBlueprint("health", __name__, tag="Health", url_prefix="/health")

# Each check runs on a thread of its own (with this request's context, so the database
# deadline applies), and the answer waits for none longer than this: a frozen dependency
# cannot hold it past the contract's 2 s.
READY_SECONDS = 1.5
_checks = ThreadPoolExecutor(max_workers=4, thread_name_prefix="ready")
NOT_READY: dict[int | str, dict[str, str | dict[str, dict[str, Any]]]] = {
    503: {
        "description": messages.UNAVAILABLE,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NotReady"}}},
    }
}


@bp.get("/live")
@bp.output(Message)
def live() -> Message:
    """Is the process serving?

    No I/O: an outage of a dependency does not make the orchestrator restart the service.
    """
    return Message(message="alive")


@bp.get("/ready")
@bp.output(Ready)
@bp.doc(responses=NOT_READY)
def ready() -> Any:
    """Can it serve requests that need its dependencies?

    Checks the database, and Redis when configured, each within a bound; a 503 names the
    failing one.
    """
    futures = {
        name: _checks.submit(copy_current_request_context(check))
        for name, check in (("database", _database_answers), ("redis", _redis_answers))
    }
    checks: dict[str, Check] = {}
    for name, future in futures.items():
        try:
            checks[name] = future.result(timeout=READY_SECONDS)
        except FutureTimeout:
            checks[name] = "unavailable"
    if "unavailable" in checks.values():
        body = NotReady(status="fail", message=messages.UNAVAILABLE, checks=checks).model_dump()
        response = current_app.json.response(body)
        response.status_code = 503
        response.headers["Retry-After"] = str(math.ceil(settings().outage_cool_down))
        return response
    return Ready(checks=checks)


def _database_answers() -> Check:
    try:
        with queries.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except DependencyUnavailable:
        return "unavailable"
    return "ok"


def _redis_answers() -> Check:
    if not settings().redis_url:
        return "not configured"
    return "ok" if rate_limits().storage_answers() else "unavailable"
