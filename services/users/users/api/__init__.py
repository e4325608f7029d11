"""The JSON API, one blueprint per domain; what they share."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from apiflask import APIBlueprint, HTTPError
from flask import Response, request
from werkzeug.routing import BaseConverter

from users import messages
from users.errors import failure
from users.tables import MAX_ID

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)


def require_json_body() -> None:
    """A body that is not JSON is refused with 415; an empty one falls through to the 400
    'Invalid payload.' that parsing gives."""
    if request.method in BODY_METHODS and not request.is_json and request.get_data(cache=True):
        raise HTTPError(415, messages.HTTP_ERRORS[415])


def never_cached(response: Response) -> Response:
    """Tokens and account data: no cache between here and the client may keep them."""
    response.headers["Cache-Control"] = "no-store"
    return response


# A failure's status, message and (optionally) headers.
Answer = tuple[int, str] | tuple[int, str, Mapping[str, str]]


def respond_to(blueprint: APIBlueprint, answers: Mapping[type[Exception], Answer]) -> None:
    """Map the service's exceptions to this blueprint's answers, once: its views just call the
    use cases and let these propagate."""
    for exception, reply in answers.items():

        def answer(_error: Exception, reply: Answer = reply) -> Any:
            return failure(*reply)

        blueprint.register_error_handler(exception, answer)


class ContractIdConverter(BaseConverter):
    """`<int:...>` the course's way, installed as the app's `int` converter (so the spec shows
    an integer): the segment is an integer if it is an optionally negative run of ASCII
    digits, however large (ids that name no user are the view's 404). Anything else still
    routes, as None, and the view answers 400 `Param id error` after its guards ran, as the
    contract and the order of checks (401/403 first) require."""

    regex = r"[^/]+"

    def to_python(self, value: str) -> int | None:
        if not _INTEGER.fullmatch(value):
            return None
        # Python refuses to read an integer of more than 4,300 digits (a ValueError, and so a
        # 500); any id longer than the largest one names no user, and neither does this.
        if len(value.lstrip("-").lstrip("0")) > len(str(MAX_ID)):
            return -1
        return int(value)

    def to_url(self, value: Any) -> str:
        return str(value)


def contract_id(user_id: int | None) -> int:
    """The id the route carried, or 400 `Param id error`."""
    if user_id is None:
        raise HTTPError(400, messages.PARAM_ID_ERROR)
    return user_id
