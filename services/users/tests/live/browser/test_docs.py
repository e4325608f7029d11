"""The API docs as a person uses them: Swagger UI in Chromium, from this service's own files."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from tests.helpers import PASSWORD
from tests.live.browser.conftest import Traffic

EMAIL = "michael@mherman.org"
SWAGGER_UI_FILES = [
    "/docs/assets/swagger-ui.css",
    "/docs/assets/swagger-ui-bundle.js",
    "/docs/assets/swagger-ui-standalone-preset.js",
]
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def operations_in(spec: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted(
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if method in METHODS
    )


def register(context: BrowserContext) -> str:
    """An access token for a new account, got the way a client gets one."""
    response = context.request.post(
        "/auth/register", data={"username": "michael", "email": EMAIL, "password": PASSWORD}
    )
    assert response.status == 201, response.text()
    token: str = response.json()["auth_token"]
    return token


def test_docs_list_every_operation_from_local_files(page: Page, traffic: Traffic) -> None:
    spec = page.request.get("/openapi.json").json()  # Playwright's client: not the page's
    expected = operations_in(spec)
    assert ("GET", "/users") in expected and ("POST", "/auth/login") in expected

    page.goto("/docs")
    expect(page.locator(".info .title")).to_contain_text(spec["info"]["title"])
    operations = page.locator(".opblock")
    expect(operations).to_have_count(len(expected))  # waits for the spec to render
    listed = operations.evaluate_all(
        """blocks => blocks.map(block => [
            block.querySelector('.opblock-summary-method').textContent,
            block.querySelector('.opblock-summary-path').dataset.path,
        ])"""
    )
    assert sorted(tuple(pair) for pair in listed) == expected
    tags = page.locator(".opblock-tag").evaluate_all("tags => tags.map(t => t.dataset.tag)")
    assert tags == ["Health", "Users", "Auth", "Account"]

    # Swagger UI's files and the spec came from this server (the favicon too, when the browser
    # asks for it before the end), and nothing came from anywhere else: no CDN, no validator.
    assert {"/docs", "/openapi.json", *SWAGGER_UI_FILES} <= set(traffic.sent("GET"))
    assert traffic.left_the_server() == []
    assert traffic.errors == []


def test_authorize_with_a_bearer_token_and_try_it_out(page: Page, traffic: Traffic) -> None:
    """The "Authorize" dialog works: the token typed there goes out with "Try it out"."""
    token = register(page.context)
    page.goto("/docs")

    page.locator(".auth-wrapper").get_by_role("button", name="Authorize").click()
    dialog = page.locator(".modal-ux")
    # Two schemes: the bearer token, and the refresh cookie (a browser sets that one itself).
    schemes = dialog.locator(".auth-container")
    expect(schemes.locator("h4")).to_have_text(
        ["BearerAuth\u00a0 (http, Bearer)", "RefreshCookie (apiKey)"]
    )
    bearer = schemes.filter(has_text="BearerAuth")
    bearer.get_by_role("textbox").fill(token)
    bearer.get_by_role("button", name="Apply credentials").click()
    expect(bearer.get_by_role("button", name="Remove authorization")).to_be_visible()
    bearer.get_by_role("button", name="Close").click()
    expect(dialog).to_have_count(0)

    operation = page.locator("#operations-Auth-get_auth_status")
    operation.locator(".opblock-summary-control").click()
    operation.get_by_role("button", name="Try it out").click()
    with page.expect_response("**/auth/status") as answered:
        operation.get_by_role("button", name="Execute").click()
    assert answered.value.status == 200
    assert answered.value.request.all_headers()["authorization"] == f"Bearer {token}"
    live = operation.locator(".live-responses-table")
    expect(live.locator("tbody .response-col_status")).to_have_text("200")
    expect(live.locator("tbody .highlight-code")).to_contain_text(f'"email": "{EMAIL}"')

    assert "/auth/status" in traffic.sent("GET")  # sent by the page itself
    assert traffic.left_the_server() == []
    assert traffic.errors == []
