"""The HTML page: form, Post/Redirect/Get, CSRF, escaping, a bounded list newest first."""

from __future__ import annotations

import re

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient

from tests.helpers import add_users, stored_users

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client: FlaskClient) -> str:
    match = CSRF_INPUT.search(client.get("/").get_data(as_text=True))
    assert match is not None
    return match.group(1)


def usernames_on(html: str) -> list[str]:
    return re.findall(r'<td class="username">(.*?)</td>', html)


def user_count(app: APIFlask) -> int:
    return len(stored_users(app))


def test_empty_page(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>All Users</title>" in html
    assert "<h1" in html and "All Users</h1>" in html
    assert "No users!" in html
    assert 'name="username"' in html and 'name="email"' in html


def test_add_user_post_redirect_get(client: FlaskClient, app: APIFlask) -> None:
    response = client.post(
        "/",
        data={
            "username": "michael",
            "email": "michael@mherman.org",
            "csrf_token": csrf_token(client),
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert usernames_on(page) == ["michael"]
    assert "michael@mherman.org was added!" in page
    assert "No users!" not in page
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ">', page)
    assert user_count(app) == 1


def test_post_without_csrf_token_is_refused(client: FlaskClient, app: APIFlask) -> None:
    client.get("/")
    response = client.post("/", data={"username": "michael", "email": "michael@mherman.org"})
    assert response.status_code == 400
    assert "did not come from this site" in response.get_data(as_text=True)
    assert user_count(app) == 0


def test_post_with_forged_csrf_token_is_refused(client: FlaskClient, app: APIFlask) -> None:
    token = csrf_token(client)
    other = client.application.test_client()  # another browser: its own session
    response = other.post(
        "/", data={"username": "m", "email": "m@example.com", "csrf_token": token + "x"}
    )
    assert response.status_code == 400
    response = other.post(
        "/", data={"username": "m", "email": "m@example.com", "csrf_token": token}
    )
    assert response.status_code == 400
    assert user_count(app) == 0


@pytest.mark.parametrize(
    ("form", "field", "text"),
    [
        ({"username": "", "email": "m@example.com"}, "username", "Username:"),
        ({"username": "m", "email": "nope"}, "email", "Email:"),
        ({"username": "m" * 129, "email": "m@example.com"}, "username", "Username:"),
    ],
)
def test_invalid_form_is_shown_again_with_the_error(
    client: FlaskClient, app: APIFlask, form: dict[str, str], field: str, text: str
) -> None:
    response = client.post("/", data={**form, "csrf_token": csrf_token(client)})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}"' in html and "is-invalid" in html and text in html
    assert f'value="{form["email"]}"' in html  # what the user typed is kept
    assert user_count(app) == 0


def test_duplicate_email_is_shown_in_the_form(client: FlaskClient, app: APIFlask) -> None:
    add_users(app, [{"username": "michael", "email": "michael@mherman.org"}])
    response = client.post(
        "/",
        data={"username": "x", "email": "MICHAEL@mherman.org", "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 400
    assert "Sorry. That email already exists." in response.get_data(as_text=True)
    assert user_count(app) == 1


def test_user_text_is_escaped(client: FlaskClient) -> None:
    evil = '<script>alert("x")</script>'
    client.post("/users", json={"username": evil, "email": "evil@example.com"})
    html = client.get("/").get_data(as_text=True)
    assert evil not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    response = client.post(
        "/", data={"username": "ok", "email": '"><script>x', "csrf_token": csrf_token(client)}
    )
    assert '"><script>x' not in response.get_data(as_text=True)


def test_list_is_bounded_newest_first_with_older_pages(client: FlaskClient, app: APIFlask) -> None:
    page_size = app.extensions["settings"].users_page_size
    total = page_size * 2 + 5
    add_users(app, [{"username": f"u{n}", "email": f"u{n}@example.com"} for n in range(total)])
    seen: list[str] = []
    url: str | None = "/"
    while url:
        html = client.get(url).get_data(as_text=True)
        names = usernames_on(html)
        assert 0 < len(names) <= page_size
        seen.extend(names)
        older = re.search(r'<a href="([^"]+)" rel="next">Older users</a>', html)
        url = older.group(1).replace("&amp;", "&") if older else None
    assert seen == [f"u{n}" for n in reversed(range(total))]


def test_page_loads_no_asset_from_another_host(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assets = [a for a in re.findall(r'(?:src|href)="([^"]+)"', html) if not a.startswith("data:")]
    assert assets, "the page should load its stylesheet"
    assert all(asset.startswith("/") and not asset.startswith("//") for asset in assets)
    css = next(asset for asset in assets if asset.endswith(".css"))
    with client.get(css) as response:
        assert response.status_code == 200 and b"bootstrap" in response.get_data().lower()


@pytest.mark.parametrize("before", ["abc", "0", "-3", "99999999999999999999999"])
def test_bad_page_cursor(client: FlaskClient, before: str) -> None:
    assert client.get(f"/?before={before}").status_code == 400
