"""One error envelope for every failure: `{"status": "fail", "message": ...}`.

API clients always get JSON; only the HTML page's own routes answer a browser with HTML. No
handler here lets a traceback or Werkzeug's HTML error page reach a client. The service's own
exceptions are mapped where their meaning is known: once per blueprint (`users.api`).
"""

from __future__ import annotations

import logging
from typing import Any

from apiflask import APIFlask, HTTPError
from flask import render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from users import messages
from users.exceptions import DependencyUnavailable

log = logging.getLogger(__name__)


def failure(status_code: int, message: str, headers: Any = None) -> Any:
    """The response for a failure, as HTML for the page's own routes and JSON elsewhere;
    `headers` as Flask takes them (a mapping, pairs, werkzeug's Headers)."""
    if request.blueprint == "web":
        return render_template("error.html", message=message), status_code, headers or {}
    return {"status": "fail", "message": message}, status_code, headers or {}


def on_http_error(error: HTTPError) -> Any:
    """APIFlask's hook: `abort(...)`, validation failures and auth errors come here."""
    message = error.message or messages.HTTP_ERRORS.get(error.status_code, "")
    return failure(error.status_code, message, error.headers)


def on_werkzeug_error(error: HTTPException) -> Any:
    code = error.code or 500
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    return failure(code, messages.HTTP_ERRORS.get(code, error.name), headers)


def on_csrf_error(error: CSRFError) -> Any:
    return failure(400, messages.CSRF_FAILED)


def on_dependency_unavailable(error: DependencyUnavailable) -> Any:
    """An outage is not a bug: 503 with when to retry, and one line in the log (no
    traceback: it would say nothing the reason does not)."""
    log.warning("%s unavailable, answered 503: %s", error.dependency, error.reason)
    return failure(503, messages.UNAVAILABLE, {"Retry-After": str(error.retry_after)})


def on_unexpected_error(error: Exception) -> Any:
    """Anything we did not foresee: log the traceback, tell the client nothing. (A transaction
    in flight was rolled back when the exception left its `with` block.)"""
    log.exception("unhandled error on %s %s", request.method, request.path)
    return failure(500, messages.HTTP_ERRORS[500])


def register_error_handlers(app: APIFlask) -> None:
    app.error_processor(on_http_error)
    app.register_error_handler(HTTPException, on_werkzeug_error)
    app.register_error_handler(CSRFError, on_csrf_error)
    app.register_error_handler(DependencyUnavailable, on_dependency_unavailable)
    app.register_error_handler(Exception, on_unexpected_error)
