"""The API docs: generated, complete, checked in, and served without any other host."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from apiflask import APIFlask
from flask.testing import FlaskClient

from tests.servers import SERVICE_DIR

CHECKED_IN = SERVICE_DIR / "openapi.json"


def spec_of(app: APIFlask) -> dict[str, Any]:
    spec = app.spec
    assert isinstance(spec, dict)
    return spec


def test_checked_in_spec_matches_the_code(app: APIFlask) -> None:
    """Run `make docs` after changing the API, and review the diff of openapi.json."""
    generated = json.loads(json.dumps(spec_of(app)))
    assert json.loads(Path(CHECKED_IN).read_text()) == generated


def test_spec_is_served(client: FlaskClient) -> None:
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "Users service"
    assert spec["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"


def test_every_route_of_the_api_is_documented(app: APIFlask) -> None:
    documented = {
        (re.sub(r"\{(\w+)\}", r"<\1>", path), method.upper())
        for path, operations in spec_of(app)["paths"].items()
        for method in operations
    }
    api_blueprints = {"ping", "health", "users", "auth", "account"}
    routed = {
        (re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", rule.rule), method)  # without converter names
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0] in api_blueprints
        for method in rule.methods or ()
        if method not in {"HEAD", "OPTIONS"}
    }
    assert routed == documented


def test_every_operation_documents_its_failures(app: APIFlask) -> None:
    spec = spec_of(app)
    schemas = spec["components"]["schemas"]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "500" in responses, (path, method)
            if method in {"post", "patch"}:
                assert {"413", "415"} <= set(responses), (path, method)
            if "requestBody" in operation:
                assert "400" in responses, (path, method)
            if operation.get("security"):
                assert "401" in responses, (path, method)
                assert "WWW-Authenticate" in responses["401"]["headers"]
            for code, response in responses.items():
                if code.startswith(("4", "5")):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    failure = schemas[ref.rsplit("/", 1)[1]]
                    assert {"status", "message"} <= set(failure["required"]), (path, method, code)


def test_docs_page_loads_only_local_assets(client: FlaskClient) -> None:
    html = client.get("/docs").get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) >= 4
    for asset in assets:
        assert asset.startswith("/") and not asset.startswith("//"), asset
        with client.get(asset) as response:
            assert response.status_code == 200, asset
    assert "validator.swagger.io" not in html and "cdn" not in html.lower()
