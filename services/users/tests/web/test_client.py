"""The React client at /app/: its files, history fallback, caching and CSP headers, and a
clear answer (never a traceback) while it is not built. No database is involved."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from users import create_app
from users.config import TestingConfig
from users.web.client import CONTENT_SECURITY_POLICY, NOT_BUILT

INDEX = "<!doctype html><title>client</title>"


def client_for(dist: Path) -> FlaskClient:
    return create_app(TestingConfig(database_url="sqlite://", client_dist=dist)).test_client()


def get(client: FlaskClient, path: str, **headers: str) -> TestResponse:
    """The response, read and closed (a file response left open is a ResourceWarning)."""
    response = client.get(path, headers=headers)
    response.get_data()
    response.close()
    return response


@pytest.fixture
def built(tmp_path: Path) -> FlaskClient:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log(1)")
    (tmp_path / "assets" / "index-abc123.js.gz").write_bytes(gzip.compress(b"console.log(1)"))
    (tmp_path / "color-scheme.js").write_text("/* early */")
    return client_for(tmp_path)


@pytest.mark.parametrize("path", ["/app/", "/app/users", "/app/users/12?x=1", "/app/admin/users"])
def test_screens_get_index_html(built: FlaskClient, path: str) -> None:
    response = get(built, path)
    assert response.status_code == 200
    assert response.get_data(as_text=True) == INDEX
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_policy_allows_no_inline_script_and_no_other_origin() -> None:
    directives = dict(d.strip().split(" ", 1) for d in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "http" not in CONTENT_SECURITY_POLICY


def test_hashed_assets_are_immutable(built: FlaskClient) -> None:
    response = get(built, "/app/assets/index-abc123.js")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "console.log(1)"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_gzipped_copy_for_browsers_that_accept_it(built: FlaskClient) -> None:
    response = get(built, "/app/assets/index-abc123.js", **{"Accept-Encoding": "gzip, br"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.mimetype == "text/javascript"
    assert gzip.decompress(response.get_data()) == b"console.log(1)"
    assert "Accept-Encoding" in response.headers["Vary"]
    plain = get(built, "/app/assets/index-abc123.js", **{"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    assert plain.get_data() == b"console.log(1)"


def test_unhashed_files_are_revalidated(built: FlaskClient) -> None:
    response = get(built, "/app/color-scheme.js")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"


def test_missing_asset_is_404_not_index(built: FlaskClient) -> None:
    response = get(built, "/app/assets/gone-000.js")
    assert response.status_code == 404
    assert response.get_json() == {"status": "fail", "message": "Resource not found."}


def test_path_traversal_stays_inside(built: FlaskClient, tmp_path: Path) -> None:
    (tmp_path.parent / "secret.txt").write_text("secret")
    response = get(built, "/app/..%2fsecret.txt")
    assert "secret" not in response.get_data(as_text=True)


def test_app_without_slash_redirects(built: FlaskClient) -> None:
    response = get(built, "/app")
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/app/")


def test_not_built_is_a_clear_503(tmp_path: Path) -> None:
    response = get(client_for(tmp_path / "missing"), "/app/users")
    assert response.status_code == 503
    assert response.get_json() == {"status": "fail", "message": NOT_BUILT}


def test_api_paths_are_untouched(built: FlaskClient) -> None:
    assert get(built, "/ping").get_json() == {"status": "success", "message": "pong!"}
    assert get(built, "/nowhere").status_code == 404
