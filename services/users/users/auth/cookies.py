"""The refresh token as a cookie, for browsers (the React client), on request.

A request to log in, register, refresh, log out or change the password that carries
`X-Refresh-Cookie: 1` gets the refresh token as an `HttpOnly; Secure; SameSite=Strict` cookie
scoped to `/auth`, and not in the JSON body: script in the page can never read it. Without
the header everything is as before (the token in the body), for every other client.

The CSRF defence (docs/design.md), three layers, each enough against a classic cross-site
form: the cookie is read only when the request carries the custom header, which a form cannot
send and a cross-origin script can send only after a CORS preflight this service does not
grant; the browser does not send a SameSite=Strict cookie with any request started by another
site; and a request that opts in while carrying an `Origin` header is refused (403) unless that
is the service's own origin (`users.auth.origins`).
"""

from __future__ import annotations

from apiflask import HTTPError
from flask import Response, after_this_request, request

from users import messages
from users.auth.origins import trusted_origin
from users.config import settings

HEADER = "X-Refresh-Cookie"
NAME = "refresh_token"
PATH = "/auth"
# The marker `users.docs` turns into the header parameter and the Set-Cookie in the spec.
MARK = "x-refresh-cookie"
REFRESH_COOKIE = {MARK: True}


def cookie_requested() -> bool:
    return request.headers.get(HEADER) == "1"


def refuse_foreign_origin() -> None:
    """Before any view of the auth paths: the cookie flow only from the service's own pages."""
    if cookie_requested():
        origin = request.headers.get("Origin")
        if origin is not None and not trusted_origin(origin):
            raise HTTPError(403, messages.FORBIDDEN)


def hand_over(tokens: dict[str, str]) -> dict[str, str]:
    """The tokens for the response body: with the cookie flow, the refresh token leaves it for
    a cookie set on the response."""
    if not cookie_requested():
        return tokens
    refresh_token = tokens["refresh_token"]

    @after_this_request
    def set_cookie(response: Response) -> Response:
        _cookie(response, refresh_token, int(settings().refresh_token_lifetime.total_seconds()))
        return response

    return {"auth_token": tokens["auth_token"]}


def drop_cookie() -> None:
    """On logout with the cookie flow: the browser forgets the cookie."""
    if cookie_requested():

        @after_this_request
        def clear_cookie(response: Response) -> Response:
            _cookie(response, "", 0)
            return response


def _cookie(response: Response, value: str, max_age: int) -> None:
    response.set_cookie(
        NAME, value, max_age=max_age, path=PATH, secure=True, httponly=True, samesite="Strict"
    )
