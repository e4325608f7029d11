"""What each request leaves behind: an `X-Request-ID` (the caller's, or a new one) on the
response and on every log line written while it ran, its count and duration in the metrics,
and (with `ACCESS_LOG`) one access line. Logs go to stderr, as text or, with `LOG_FORMAT=json`,
one JSON object per line.

This is a WSGI middleware rather than Flask hooks: one wrapper per request, and it sees the
status of every answer, including those Flask never saw (a body that never arrived).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from flask import has_request_context, request

from users import metrics
from users.config import Settings

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_KEY = "users.request_id"  # in the WSGI environ
ROUTE_KEY = "users.route"  # the matched route's template (`users.wrappers`), for the metrics
HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# A caller's id is kept if it is this tame; anything else could forge log lines.
_TAME_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"

# The request a piece of background work was started by (see `users.mail`), for its log lines.
BACKGROUND_REQUEST_ID: ContextVar[str] = ContextVar("background_request_id", default="-")

access_log = logging.getLogger("users.access")
StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class RequestIdFilter(logging.Filter):
    """Puts the id of the request being handled (or "-") on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):  # the access line brings its own
            record.request_id = current_request_id()
        return True


def current_request_id() -> str:
    if has_request_context():
        found: str = request.environ.get(REQUEST_ID_KEY, "-")
        return found
    return BACKGROUND_REQUEST_ID.get()


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry)


def configure_logging(settings: Settings) -> None:
    logger = logging.getLogger("users")
    logger.setLevel(settings.log_level)
    for handler in list(logger.handlers):  # one handler, however many apps a process builds
        logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    json_lines = settings.log_format == "json"
    handler.setFormatter(JSONFormatter() if json_lines else logging.Formatter(TEXT_FORMAT))
    logger.addHandler(handler)


class Observed:
    """The middleware: wraps the app's WSGI callable."""

    def __init__(self, wsgi_app: WSGIApp, *, access_log: bool) -> None:
        self.wsgi_app = wsgi_app
        self.access_log = access_log

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        given = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = given if _TAME_ID.fullmatch(given) else os.urandom(8).hex()
        environ[REQUEST_ID_KEY] = request_id
        status = "500"

        def start_with_id(status_line: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            nonlocal status
            status = status_line[:3]
            headers.append((REQUEST_ID_HEADER, request_id))
            return start_response(status_line, headers, *args)

        try:
            return self.wsgi_app(environ, start_with_id)
        finally:
            self.record(environ, status, time.perf_counter() - started)

    def record(self, environ: dict[str, Any], status: str, seconds: float) -> None:
        # Bounded label values only: route templates, and methods a client cannot make up.
        route = environ.get(ROUTE_KEY, "unmatched")
        method = environ.get("REQUEST_METHOD", "")
        metrics.tally.record(
            (route, method if method in HTTP_METHODS else "other", status), seconds
        )
        if self.access_log:
            access_log.info(
                "client=%s method=%s path=%s status=%s duration_ms=%.1f",
                environ.get("REMOTE_ADDR"),  # the trusted proxy's, after ProxyFix
                method,
                environ.get("PATH_INFO", ""),
                status,
                seconds * 1000,
                extra={"request_id": environ[REQUEST_ID_KEY]},
            )
