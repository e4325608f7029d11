"""The bare-WSGI ceiling: the least a WSGI app can do, served like the real one.

Whatever the users service reaches is compared with this callable under the same granian
settings in the same run, so the ratio says how much the app itself costs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

BODY = b'{"status": "success", "message": "pong!"}'
HEADERS = [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    start_response("200 OK", HEADERS)
    return [BODY]
