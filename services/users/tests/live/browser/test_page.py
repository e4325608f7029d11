"""The "All Users" page as a person uses it: in Chromium, against the production server."""

from __future__ import annotations

from apiflask import APIFlask
from playwright.sync_api import Page, expect

from tests.helpers import add_users
from tests.live.browser.conftest import Traffic

BOOTSTRAP_CSS = "/bootstrap/static/css/bootstrap.min.css"
BOOTSTRAP_DANGER = "rgb(220, 53, 69)"  # Bootstrap 5's $danger, the colour of .invalid-feedback
SCRIPT_NAME = "<script>window.__pwned = 1</script>"
IMAGE_NAME = '<img src="/pwned.png" onerror="window.__pwned = 2">'


def add_user(page: Page, username: str, email: str) -> int:
    """Fill in the form and submit it as a person would; the status the POST got."""
    page.get_by_placeholder("Enter a username").fill(username)
    page.get_by_placeholder("Enter an email address").fill(email)
    # The POST's answer comes before the page it leads to (after a 303, the GET of the list):
    # waiting for the navigation too means the next fill is on the new page's form, never on
    # this one while it is being replaced.
    with (
        page.expect_navigation(),
        page.expect_response(lambda response: response.request.method == "POST") as posted,
    ):
        page.get_by_role("button", name="Submit").click()
    status: int = posted.value.status
    page.wait_for_load_state("load")  # the page the POST led to, images and all
    return status


def test_add_a_user(page: Page, traffic: Traffic) -> None:
    page.goto("/")
    expect(page).to_have_title("All Users")
    expect(page.get_by_role("heading", name="All Users")).to_be_visible()
    expect(page.get_by_text("No users!")).to_be_visible()

    assert add_user(page, "michael", "michael@mherman.org") == 303  # Post/Redirect/Get
    expect(page.get_by_role("status")).to_have_text("michael@mherman.org was added!")
    expect(page.locator("td.username")).to_have_text(["michael"])
    expect(page.get_by_text("No users!")).to_have_count(0)

    assert set(traffic.sent("GET")) == {"/", BOOTSTRAP_CSS}  # the stylesheet is local
    assert traffic.sent("GET").count("/") == 2  # the page, then the redirect's page
    assert traffic.sent("POST") == ["/"]
    assert traffic.left_the_server() == []
    assert traffic.errors == []


def test_user_text_is_shown_as_text_and_never_runs(page: Page, traffic: Traffic) -> None:
    """Markup in a username comes back escaped: shown as typed, no element made, no script
    run, no image fetched."""
    page.goto("/")
    assert add_user(page, SCRIPT_NAME, "script@example.com") == 303
    assert add_user(page, IMAGE_NAME, "image@example.com") == 303

    expect(page.locator("td.username")).to_have_text([IMAGE_NAME, SCRIPT_NAME])  # newest first
    expect(page.locator("main script, main img")).to_have_count(0)
    # Both names are on this page, so had either run, it would have run here.
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert "/pwned.png" not in traffic.sent("GET")
    assert traffic.left_the_server() == []
    assert traffic.errors == []


def test_invalid_email_is_shown_beside_the_field(page: Page, traffic: Traffic) -> None:
    page.goto("/")
    assert add_user(page, "michael", "not-an-email") == 400

    email = page.get_by_placeholder("Enter an email address")
    expect(email).to_have_class("form-control is-invalid")
    error = page.locator("#email ~ .invalid-feedback")
    expect(error).to_be_visible()
    expect(error).to_have_text("Email: An email address must have an @-sign.")
    expect(error).to_have_css("color", BOOTSTRAP_DANGER)  # the local stylesheet applied
    expect(page.get_by_placeholder("Enter a username")).to_have_value("michael")
    expect(email).to_have_value("not-an-email")
    expect(page.get_by_text("No users!")).to_be_visible()

    assert traffic.left_the_server() == []
    # Chromium logs a document's 4xx like a failed resource: that one line, and nothing else.
    assert traffic.errors == [
        "console: Failed to load resource: the server responded with a status of 400 "
        f"(Bad Request) ({traffic.origin}/)"
    ]


def test_older_users_link_pages_back(app: APIFlask, page: Page, traffic: Traffic) -> None:
    page_size = app.extensions["settings"].users_page_size
    add_users(app, [{"username": f"user{n}", "email": f"u{n}@example.com"} for n in range(25)])

    page.goto("/")
    newest = [f"user{n}" for n in range(24, 24 - page_size, -1)]
    expect(page.locator("td.username")).to_have_text(newest)
    page.get_by_role("link", name="Older users").click()
    expect(page.locator("td.username")).to_have_text([f"user{n}" for n in range(4, -1, -1)])
    expect(page.get_by_role("link", name="Older users")).to_have_count(0)
    page.get_by_role("link", name="Newest users").click()
    expect(page.locator("td.username")).to_have_text(newest)

    assert traffic.left_the_server() == []
    assert traffic.errors == []
