"""Every failure a client can cause is JSON in our envelope, never HTML or a traceback."""

from __future__ import annotations

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import AppFactory

FAIL_KEYS = {"status", "message"}


def assert_fail(response: TestResponse, status: int) -> dict[str, str]:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body: dict[str, str] = response.get_json()
    assert set(body) == FAIL_KEYS and body["status"] == "fail" and body["message"]
    text = response.get_data(as_text=True)
    assert "<html" not in text.lower() and "Traceback" not in text
    return body


@pytest.mark.parametrize("path", ["/nope", "/users/1/extra", "/users/", "/%00", "/ping/x"])
def test_unknown_path_is_json_404(client: FlaskClient, path: str) -> None:
    assert assert_fail(client.get(path), 404)["message"] == "Resource not found."


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("DELETE", "/ping"),
        ("PUT", "/users"),
        ("DELETE", "/users"),
        ("POST", "/users/1"),
        ("PATCH", "/ping"),
        ("PUT", "/"),
    ],
)
def test_wrong_method_is_json_405(client: FlaskClient, method: str, path: str) -> None:
    response = client.open(path, method=method)
    assert assert_fail(response, 405)["message"] == "Method not allowed."
    assert "GET" in response.headers["Allow"] or "POST" in response.headers["Allow"]


TWENTY_MIB = b"x" * (20 * 1024 * 1024)


@pytest.mark.parametrize("path", ["/users", "/ping", "/users/1"])
def test_huge_body_is_json_413(client: FlaskClient, path: str) -> None:
    response = client.post(path, data=TWENTY_MIB, content_type="application/json")
    assert assert_fail(response, 413)["message"] == "Request body too large."


def test_huge_form_post_to_the_page_is_refused(client: FlaskClient) -> None:
    response = client.post("/", data=TWENTY_MIB, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "Request body too large." in response.get_data(as_text=True)


def test_body_just_under_limit_is_parsed(client: FlaskClient) -> None:
    padding = "x" * (1024 * 1024 - 100)
    body = f'{{"username": "m", "email": "m@x.com", "pad": "{padding}"}}'
    assert len(body) < 1024 * 1024
    assert client.post("/users", data=body, content_type="application/json").status_code == 201


def test_unexpected_error_is_json_500_without_details(make_app: AppFactory) -> None:
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    body = assert_fail(response, 500)
    assert body["message"] == "Internal server error."
    assert "secret internals" not in response.get_data(as_text=True)


def test_database_down_is_json_500(make_app: AppFactory, caplog: pytest.LogCaptureFixture) -> None:
    """A real connection failure (nothing listens on port 1), not a mock."""
    app = make_app(
        PROPAGATE_EXCEPTIONS=False,
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none",
    )
    response = app.test_client().get("/users/1")
    assert assert_fail(response, 500)["message"] == "Internal server error."
    assert "unhandled error on GET /users/1" in caplog.text


def test_page_errors_are_html_for_the_page(client: FlaskClient) -> None:
    response = client.get("/?before=abc")
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert "That page of users does not exist." in response.get_data(as_text=True)


def test_api_stays_json_when_a_browser_asks(app: APIFlask) -> None:
    response = app.test_client().get("/nope", headers={"Accept": "text/html"})
    assert_fail(response, 404)
