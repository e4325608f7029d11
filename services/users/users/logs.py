"""Logging: the app's loggers write to stderr, one access line per request."""

from __future__ import annotations

import logging
import sys
import time

from flask import Flask, Response, g, request

access_log = logging.getLogger("users.access")


def configure_logging(app: Flask) -> None:
    logger = logging.getLogger("users")
    logger.setLevel(app.config["LOG_LEVEL"])
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
    if app.config["ACCESS_LOG"]:
        app.before_request(start_timer)
        app.after_request(log_request)


def start_timer() -> None:
    g.request_started = time.perf_counter()


def log_request(response: Response) -> Response:
    """The client address is the one the trusted proxy passed (see `TRUSTED_PROXIES`)."""
    elapsed_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
    access_log.info(
        "client=%s method=%s path=%s status=%d duration_ms=%.1f",
        request.remote_addr,
        request.method,
        request.path,
        response.status_code,
        elapsed_ms,
    )
    return response
