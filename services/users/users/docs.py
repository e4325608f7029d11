"""API documentation: the OpenAPI spec is generated from the route declarations (the same
schemas that validate requests), Swagger UI is served from this service's own files.

What the declarations cannot say is added here once, for every operation: the errors any
route can give (500, and 413/415 where a body is read), the headers that go with some
statuses, and that `POST /users` takes an admin token only when it is locked.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path
from typing import Any

import flask_swagger_ui
from apiflask import APIFlask
from flask import Blueprint

from users.errors import MESSAGES

TITLE = "Users service"
VERSION = version("users")
DESCRIPTION = """\
Users and their authentication. Every response carries `status` (`"success"` or `"fail"`);
every failure also carries a human-readable `message`, with the status code the contract
gives. Protected operations take `Authorization: Bearer <access token>` from
`POST /auth/login`.
"""
ASSETS = Path(flask_swagger_ui.__file__).parent / "dist"
ASSETS_URL = "/docs/assets"
BODY_METHODS = {"post", "put", "patch"}
RESPONSE_HEADERS = {
    "401": {"WWW-Authenticate": "`Bearer`: which scheme to authenticate with."},
    "405": {"Allow": "The methods this path takes."},
    "429": {"Retry-After": "Seconds until the next attempt can succeed."},
}

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
    )
    app.register_blueprint(assets)
    app.spec_processor(complete_spec)


def complete_spec(spec: dict[Any, Any] | str) -> dict[Any, Any] | str:
    assert isinstance(spec, dict)  # SPEC_PROCESSOR_PASS_OBJECT is off: always the dict
    failure = {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPError"}}}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            codes = ["500", *(["413", "415"] if method in BODY_METHODS else [])]
            for code in codes:
                responses.setdefault(code, {"description": MESSAGES[int(code)], "content": failure})
            if "requestBody" in operation:
                operation["requestBody"]["required"] = True  # a missing body is a 400
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] == "user_id":
                    # Routed as a string so that a non-integer gets the contract's 400.
                    parameter["schema"] = {"type": "integer"}
            for code, headers in RESPONSE_HEADERS.items():
                if code in responses:
                    responses[code]["headers"] = {
                        name: {"description": text, "schema": {"type": "string"}}
                        for name, text in headers.items()
                    }
            if path == "/users" and method == "post":
                operation["security"] = [{}, {"BearerAuth": []}]  # only when locked to admins
            if path == "/users" and method == "get":
                responses["200"]["headers"] = {
                    "Link": {
                        "description": 'The next page: `<url>; rel="next"`; absent on the last.',
                        "schema": {"type": "string"},
                    }
                }
    return spec
