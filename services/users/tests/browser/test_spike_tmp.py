from playwright.sync_api import Page, expect
from tests.browser.conftest import Traffic

def test_spike(page: Page, traffic: Traffic) -> None:
    r = page.context.request.post("/auth/register", data={"username": "m", "email": "m@example.com", "password": "correct horse battery staple"})
    print(r.status, r.json())
    page.goto("/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    page.locator(".auth-wrapper .authorize").click()
    expect(page.locator(".modal-ux")).to_be_visible()
    open("/tmp/modal.html","w").write(page.locator(".modal-ux").inner_html())
    open("/tmp/docs.html","w").write(page.content())
    page.goto("/")
    page.fill("#username", "x"); page.fill("#email", "bad")
    page.click("button[type=submit]")
    expect(page.locator(".invalid-feedback")).to_be_visible()
    print(traffic.errors)
    print([r.url for r in traffic.requests])
