"""One error envelope for every failure: `{"status": "fail", "message": ...}`.

API clients always get JSON; only the HTML page's own routes answer a browser with HTML. No
handler here lets a traceback or Werkzeug's HTML error page reach a client.
"""

from __future__ import annotations

import logging
from typing import Any

from apiflask import APIFlask, HTTPError
from flask import Request, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from users.extensions import db

log = logging.getLogger(__name__)

INVALID_PAYLOAD = "Invalid payload."
MESSAGES = {
    400: "Bad request.",
    404: "Resource not found.",
    405: "Method not allowed.",
    413: "Request body too large.",
    415: f"{INVALID_PAYLOAD} Content-Type must be application/json.",
    429: "Too many requests. Try again later.",
    500: "Internal server error.",
}
CSRF_MESSAGE = "The form has expired or did not come from this site. Reload the page and retry."


class JSONRequest(Request):
    """A request whose malformed JSON body is the contract's 400, not Werkzeug's HTML page."""

    def on_json_loading_failed(self, e: ValueError | None) -> Any:
        raise HTTPError(400, INVALID_PAYLOAD)


def failure(status_code: int, message: str, headers: Any = None) -> Any:
    """The response for a failure, as HTML for the page's own routes and JSON elsewhere."""
    if request.blueprint == "web":
        return render_template("error.html", message=message), status_code, headers or {}
    return {"status": "fail", "message": message}, status_code, headers or {}


def on_http_error(error: HTTPError) -> Any:
    """APIFlask's hook: `abort(...)`, validation failures and auth errors come here."""
    return failure(
        error.status_code, error.message or MESSAGES.get(error.status_code, ""), error.headers
    )


def on_werkzeug_error(error: HTTPException) -> Any:
    code = error.code or 500
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    return failure(code, MESSAGES.get(code, error.name), headers)


def on_csrf_error(error: CSRFError) -> Any:
    return failure(400, CSRF_MESSAGE)


def on_unexpected_error(error: Exception) -> Any:
    """Anything we did not foresee: roll back, log the traceback, tell the client nothing."""
    db.session.rollback()
    log.exception("unhandled error on %s %s", request.method, request.path)
    return failure(500, MESSAGES[500])


def register_error_handlers(app: APIFlask) -> None:
    app.error_processor(on_http_error)
    app.register_error_handler(HTTPException, on_werkzeug_error)
    app.register_error_handler(CSRFError, on_csrf_error)
    app.register_error_handler(Exception, on_unexpected_error)
