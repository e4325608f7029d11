"""Every failure a client can cause is JSON in our envelope, never HTML or a traceback."""

from __future__ import annotations

import logging

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.helpers import AppFactory
from users import create_app
from users.config import TestingConfig

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
    app = make_app()
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as in production, not re-raise

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    body = assert_fail(response, 500)
    assert body["message"] == "Internal server error."
    assert "secret internals" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://nobody@127.0.0.1:1/none",
        "mysql+pymysql://nobody@127.0.0.1:1/none",
        "sqlite:////nonexistent/directory/users.db",
    ],
)
def test_database_down_is_503_with_one_log_line(url: str, caplog: pytest.LogCaptureFixture) -> None:
    """A real connection failure (nothing listens on port 1; a folder that is not there), not
    a mock: the contract's 503, when to retry, and one line in the log, no traceback."""
    app = create_app(TestingConfig(database_url=url))
    with caplog.at_level(logging.WARNING, logger="users"):
        response = app.test_client().get("/users/1")
    assert assert_fail(response, 503)["message"] == "Service temporarily unavailable."
    assert int(response.headers["Retry-After"]) >= 1
    [line] = [record for record in caplog.records if record.name.startswith("users")]
    assert line.getMessage().startswith("database unavailable") and line.exc_info is None


def test_page_errors_are_html_for_the_page(client: FlaskClient) -> None:
    response = client.get("/?before=abc")
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert "That page of users does not exist." in response.get_data(as_text=True)


def test_api_stays_json_when_a_browser_asks(app: APIFlask) -> None:
    response = app.test_client().get("/nope", headers={"Accept": "text/html"})
    assert_fail(response, 404)
