"""Browser clients on other origins: CORS for the origins in `CORS_ORIGINS`, nothing for others.

Flask-Cors matches the `Origin` header against the list and writes the headers, on every
response including errors (a browser hides the JSON message of an error without them). Only
`/auth/` allows credentials: that is where the refresh cookie lives, and no other path needs it.
Two things Flask-Cors leaves out are added here: `Vary: Origin` on every response (whether the
CORS headers come depends on `Origin`, whatever the number of listed origins), and 204 for an
accepted preflight (Flask's automatic `OPTIONS` answers 200 with an empty body).
Without `CORS_ORIGINS` nothing is registered: no header, no cost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from flask import Flask, Response, request

from users.config import ANY_ORIGIN, Settings
from users.extensions import cors

METHODS = ("GET", "POST", "PATCH", "DELETE")
ALLOW_HEADERS = (
    "Authorization",
    "Content-Type",
    "Idempotency-Key",
    "X-Request-ID",
    "X-Refresh-Cookie",
)
EXPOSE_HEADERS = ("Link", "Retry-After", "X-Request-ID", "WWW-Authenticate")
# Browsers cache a preflight this long (Chromium at most 2 h): a changed policy shows within it.
MAX_AGE_SECONDS = 600
ALLOW_METHODS_HEADER = "Access-Control-Allow-Methods"


def init_cors(app: Flask, settings: Settings) -> None:
    origins = list(settings.cors_origins)
    if not origins:
        return
    options = {
        "origins": origins,
        "methods": list(METHODS),
        "allow_headers": list(ALLOW_HEADERS),
        "expose_headers": list(EXPOSE_HEADERS),
        "max_age": MAX_AGE_SECONDS,
        "send_wildcard": origins == [ANY_ORIGIN],
        "always_send": False,  # no Origin, no CORS header (not the whole list)
        "vary_header": False,  # added below, to every response
        "intercept_exceptions": False,  # error responses pass through after_request anyway
    }
    credentials = settings.cors_allow_credentials
    cors.init_app(
        app,
        resources={
            r"/auth/.*": {**options, "supports_credentials": credentials},
            r"/.*": {**options, "supports_credentials": False},
        },
    )
    # Flask-Cors's hook matches the path against its resources on every response; most
    # requests have no `Origin` and need none of it. Run it only for those that do (measured
    # in-process, with the Vary line below: `/ping` without an Origin 156 -> 127 µs).
    cors_headers = cast(Callable[[Response], Response], app.after_request_funcs[None].pop())
    if cors_headers.__name__ != "cors_after_request":
        raise RuntimeError("Flask-Cors no longer registers its after_request hook last")

    @app.after_request
    def finish(response: Response) -> Response:
        # Whether CORS headers come depends on `Origin`: say so on every answer. (A second
        # Vary line is the same as a longer one, and cheaper than parsing the first.)
        response.headers.add("Vary", "Origin")
        if "Origin" not in request.headers:
            return response
        response = cors_headers(response)
        if request.method == "OPTIONS" and ALLOW_METHODS_HEADER in response.headers:
            response.status_code = 204  # a preflight Flask-Cors accepted
        return response
