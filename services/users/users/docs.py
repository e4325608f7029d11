"""API documentation: the OpenAPI spec is generated from the route declarations (the same
schemas that validate requests), Swagger UI is served from this service's own files.

What the declarations cannot say is added here once, for every operation: the errors any
route can give (500, and 413/415 where a body is read), the headers that go with some
statuses, and whether `POST /users` takes an admin token (it asks the guard that decides).
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path
from typing import Any

import flask_swagger_ui
from apiflask import APIFlask
from flask import Blueprint

from users import messages
from users.api import idempotency
from users.auth import cookies
from users.auth.guards import creating_users_needs_admin
from users.messages import HTTP_ERRORS
from users.schemas import BEARER_AUTH, SECURITY_SCHEMES, Failure, NotReady

TITLE = "Users service"
VERSION = version("users")
DESCRIPTION = """\
Users and their authentication. Every response carries `status` (`"success"` or `"fail"`);
every failure also carries a human-readable `message`, with the status code the contract
gives. Protected operations take `Authorization: Bearer <access token>` from
`POST /auth/login`.

Browser pages on other origins may call the API when their origin is listed in the service's
`CORS_ORIGINS`: they get their origin back in `Access-Control-Allow-Origin` (on errors too),
preflights are answered 204, and `Link`, `Retry-After`, `X-Request-ID` and `WWW-Authenticate`
are readable. Credentials (the refresh cookie) are allowed on `/auth/` only. Unlisted origins
get no CORS header.
"""
ASSETS = Path(flask_swagger_ui.__file__).parent / "dist"
ASSETS_URL = "/docs/assets"
BODY_METHODS = {"post", "put", "patch"}
RESPONSE_HEADERS = {
    "401": {"WWW-Authenticate": "`Bearer`: which scheme to authenticate with."},
    "405": {"Allow": "The methods this path takes."},
    "429": {"Retry-After": "Seconds until the next attempt can succeed."},
}

FAILURE_SCHEMA = Failure.model_json_schema()

assets = Blueprint("docs_assets", __name__, static_folder=ASSETS, static_url_path=ASSETS_URL)


def init_docs(app: APIFlask) -> None:
    app.config.update(
        SWAGGER_UI_CSS=f"{ASSETS_URL}/swagger-ui.css",
        SWAGGER_UI_BUNDLE_JS=f"{ASSETS_URL}/swagger-ui-bundle.js",
        SWAGGER_UI_STANDALONE_PRESET_JS=f"{ASSETS_URL}/swagger-ui-standalone-preset.js",
        DOCS_FAVICON=f"{ASSETS_URL}/favicon-32x32.png",
        # No badge from the public validator service: the page talks to this service only.
        SWAGGER_UI_CONFIG={"validatorUrl": None, "persistAuthorization": True},
        DESCRIPTION=DESCRIPTION,
        SECURITY_SCHEMES=SECURITY_SCHEMES,
        # Every error in the spec has the shape every error response has.
        VALIDATION_ERROR_SCHEMA=FAILURE_SCHEMA,
        HTTP_ERROR_SCHEMA=FAILURE_SCHEMA,
    )
    app.register_blueprint(assets)

    @app.spec_processor
    def complete_for_this_app(spec: dict[Any, Any] | str) -> dict[Any, Any] | str:
        with app.app_context():  # `app.spec` may be read outside one (`flask spec`, tests)
            return complete_spec(spec)


def complete_spec(spec: dict[Any, Any] | str) -> dict[Any, Any] | str:
    assert isinstance(spec, dict)  # SPEC_PROCESSOR_PASS_OBJECT is off: always the dict
    # Named by `GET /health/ready`'s 503 (APIFlask registers only the schemas routes use).
    spec["components"]["schemas"]["NotReady"] = NotReady.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    failure = {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPError"}}}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            reads_body = method in BODY_METHODS or "requestBody" in operation
            codes = ["500", *(["413", "415"] if reads_body else [])]
            for code in codes:
                responses.setdefault(
                    code, {"description": HTTP_ERRORS[int(code)], "content": failure}
                )
            if "requestBody" in operation:
                operation["requestBody"]["required"] = True  # a missing body is a 400
            for code, headers in RESPONSE_HEADERS.items():
                if code in responses:
                    responses[code]["headers"] = {
                        name: {"description": text, "schema": {"type": "string"}}
                        for name, text in headers.items()
                    }
            if operation.pop(idempotency.MARK, False):
                document_idempotency(operation)
            if operation.pop(cookies.MARK, False):
                ends_session = path.endswith("/logout") or method == "delete"
                document_refresh_cookie(operation, clears=ends_session)
            if path == "/users" and method == "post" and creating_users_needs_admin():
                operation["security"] = [{BEARER_AUTH: []}]
            if path == "/users" and method == "get":
                responses["200"]["headers"] = {
                    "Link": {
                        "description": 'The next page: `<url>; rel="next"`; absent on the last.',
                        "schema": {"type": "string"},
                    }
                }
    return spec


def document_idempotency(operation: dict[str, Any]) -> None:
    failure = {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPError"}}}
    operation.setdefault("parameters", []).append(
        {
            "in": "header",
            "name": idempotency.HEADER,
            "required": False,
            "schema": {"type": "string", "minLength": 1, "maxLength": 255},
            "description": "Any unique string (a UUID): a retry with the same key and body "
            "gets the first answer again, with `Idempotent-Replayed: true`, for 24 hours.",
        }
    )
    responses = operation["responses"]
    responses["409"] = {"description": messages.IDEMPOTENCY_KEY_IN_FLIGHT, "content": failure}
    responses["422"] = {"description": messages.IDEMPOTENCY_KEY_REUSED, "content": failure}


def document_refresh_cookie(operation: dict[str, Any], *, clears: bool) -> None:
    operation.setdefault("parameters", []).append(
        {
            "in": "header",
            "name": cookies.HEADER,
            "required": False,
            "schema": {"type": "string", "examples": ["1"]},
            "description": "`1`: the refresh token travels as an HttpOnly cookie, not in the "
            "body (browsers); any other value is ignored. Refused (403) from a page of another "
            "origin.",
        }
    )
    responses = operation["responses"]
    success = next(code for code in responses if code.startswith("2"))
    set_cookie = (
        "Clears the cookie (`Max-Age=0`)."
        if clears
        else "The refresh token: `refresh_token=<JWT>; HttpOnly; Secure; SameSite=Strict; "
        "Path=/auth; Max-Age=<refresh lifetime>`."
    )
    responses[success].setdefault("headers", {})["Set-Cookie"] = {
        "description": f"Only with `{cookies.HEADER}: 1`. {set_cookie}",
        "schema": {"type": "string"},
    }
    responses["403"]["description"] += (
        f"; `{messages.FORBIDDEN}` for `{cookies.HEADER}: 1` from a page of another origin"
    )
