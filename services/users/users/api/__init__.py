"""The JSON API, one blueprint per domain."""

from __future__ import annotations

from apiflask import HTTPError
from flask import request

from users.errors import MESSAGES

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def require_json_body() -> None:
    """A body that is not JSON is refused with 415; an empty one falls through to the 400
    'Invalid payload.' that parsing gives."""
    if request.method in BODY_METHODS and not request.is_json and request.get_data(cache=True):
        raise HTTPError(415, MESSAGES[415])
