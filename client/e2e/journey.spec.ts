// The long journey, once (desktop, English, light): what a person does with the app, against
// the real backend in Debian's Chromium. The session across reloads and tabs, and account
// self-service (change password, the reset email, deleting one's account): account.spec.ts.
import type { Page } from "@playwright/test";
import { ADMIN, expect, expectAccessible, test, uniqueEmail } from "./fixtures";

const PASSWORD = "a long passphrase for e2e";

/** Waits out the toasts, pointer elsewhere (a toast under the pointer stays open), as a
 * person would when one sits on the button they want. */
async function waitOutToasts(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await expect(page.getByRole("alert").getByRole("button", { name: "Close" })).toHaveCount(0);
}

/** "Load more" until the last page: other tests may be adding users meanwhile. */
async function loadAll(page: Page): Promise<void> {
  const rows = page.locator("table tbody tr");
  const loadMore = page.getByRole("button", { name: "Load more" });
  const end = page.getByText("That is everyone.");
  // The first page may still be loading (say, just after logging in): neither is shown yet.
  await expect(loadMore.or(end)).toBeVisible();
  while (await loadMore.isVisible()) {
    const before = await rows.count();
    await waitOutToasts(page);
    await loadMore.click();
    await expect(rows).not.toHaveCount(before);
  }
  await expect(end).toBeVisible();
}

test("register, add a user, page through 120 users, administer them, log out", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const email = uniqueEmail("journey");

  await test.step("register: the new account is logged in", async () => {
    await page.goto("/app/");
    await expect(page).toHaveURL(/\/app\/users$/);
    await page.getByRole("link", { name: "Register" }).first().click();
    await page.getByLabel("Username").fill("Journey");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Register" }).last().click();
    await expect(page.getByRole("heading", { name: "My account" })).toBeVisible();
    await expect(page.getByText(email)).toBeVisible();
    await expect(page.getByText("Your account is ready.")).toBeVisible();
  });

  await test.step("log out and log in again", async () => {
    await page.getByRole("button", { name: "Log out" }).first().click();
    await expect(page.getByText("You are logged out.").last()).toBeVisible();
    await page.getByRole("link", { name: "Log in" }).first().click();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill("not the password");
    await page.getByRole("button", { name: "Log in" }).last().click();
    await expect(
      page.getByRole("alert").filter({ hasText: "Wrong email or password." }),
    ).toBeVisible();
    await page.getByRole("textbox", { name: "Password", exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).last().click();
    await expect(page).toHaveURL(/\/app\/users$/);
    await expect(page.getByRole("banner").getByRole("link", { name: "Journey" })).toBeVisible();
  });

  await test.step("add a user: the API's error beside the field, then success", async () => {
    await page.getByRole("link", { name: "Add user" }).first().click();
    await page.getByLabel("Username").fill("Added");
    await page.getByLabel("Email").fill(email); // taken: the journey's own address
    await page.getByRole("button", { name: "Add" }).click();
    await expect(page.getByLabel("Email")).toHaveAccessibleDescription(
      "That email is already taken.",
    );
    const added = uniqueEmail("added");
    await page.getByLabel("Email").fill(added);
    await page.getByRole("button", { name: "Add" }).click();
    await expect(page.getByRole("heading", { name: "Added" })).toBeVisible();
    await expect(page.getByRole("main").getByText(added)).toBeVisible();
    await expectAccessible(page, "user detail");
  });

  await test.step("page through 120 more users; the URL keeps the position", async () => {
    // Logged out: the list is for anyone.
    await page.getByRole("button", { name: "Log out" }).first().click();
    await expect(page.getByText("You are logged out.").last()).toBeVisible();
    const tag = `page-${Date.now()}`;
    for (let batch = 0; batch < 120; batch += 10) {
      const made = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          request.post("/users", {
            data: { username: `${tag}-${batch + i}`, email: `${tag}-${batch + i}@example.com` },
          }),
        ),
      );
      for (const response of made) expect(response.status()).toBe(201);
    }
    await page.goto("/app/users");
    const rows = page.locator("table tbody tr");
    await expect(rows).toHaveCount(50);
    await page.getByRole("button", { name: "Load more" }).click();
    await expect(rows).toHaveCount(100);
    await expect(page).toHaveURL(/pages=2/);
    await loadAll(page);
    await expect(page.getByRole("link", { name: `${tag}-119` })).toBeVisible();
    const shown = await rows.count();
    expect(shown).toBeGreaterThanOrEqual(123);
    await page.reload();
    // The newest users are on the last page: all pages are back. (Not the exact count: a
    // test running beside this one may have deleted its account meanwhile.)
    await expect(page.getByRole("link", { name: `${tag}-119` })).toBeVisible();
    expect(await rows.count()).toBeGreaterThan(shown - 5);
    expect(await rows.count()).toBeGreaterThan(100);
  });

  await test.step("the admin screen needs a session: log in as admin and come back to it", async () => {
    await page.goto("/app/admin/users");
    await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill(ADMIN.password);
    await page.getByRole("button", { name: "Log in" }).last().click();
    await expect(page.getByRole("heading", { name: "Manage users" })).toBeVisible();
    await expect(page).toHaveURL(/\/app\/admin\/users$/);
  });

  await test.step("admin edits, activates, deactivates, promotes and deletes the added user", async () => {
    await loadAll(page);
    const manage = async (name: string) => {
      await page.getByRole("button", { name: `Actions for ${name}` }).click();
      return page.getByRole("dialog");
    };
    let dialog = await manage("Added");
    await dialog.getByLabel("Username").fill("Edited");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText(/was updated\./).first()).toBeVisible();
    const row = page.locator("tr", { has: page.getByRole("link", { name: "Edited" }) });
    await expect(row).toContainText("Inactive"); // POST /users makes inactive users

    dialog = await manage("Edited");
    await dialog.getByRole("button", { name: "Activate" }).click();
    await expect(row).toContainText("Active");
    await expect(row).not.toContainText("Inactive");
    dialog = await manage("Edited");
    await dialog.getByRole("button", { name: "Deactivate" }).click();
    await expect(row).toContainText("Inactive");
    dialog = await manage("Edited");
    await dialog.getByRole("button", { name: "Make admin" }).click();
    await expect(dialog).toBeHidden();
    await expectAccessible(page, "admin users");

    dialog = await manage("Edited");
    await expectAccessible(page, "the manage dialog");
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect(dialog).toContainText("This cannot be undone.");
    await dialog.getByRole("button", { name: "Yes, delete" }).click();
    await expect(page.getByText(/was removed\./)).toBeVisible();
    await expect(page.getByRole("link", { name: "Edited" })).toHaveCount(0);
  });

  await test.step("log out: the session is over", async () => {
    await page.getByRole("button", { name: "Log out" }).first().click();
    await expect(page.getByText("You are logged out.").last()).toBeVisible();
    await page.goto("/app/account");
    await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  });
});

test("the keyboard reaches everything, with visible focus", async ({ page }) => {
  await page.goto("/app/login");
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Email")).toBeFocused();
  const outline = await page
    .getByLabel("Email")
    .evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");
  await page.keyboard.type(ADMIN.email);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("textbox", { name: "Password", exact: true })).toBeFocused();
  await page.keyboard.type(ADMIN.password);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/app\/users$/);
});
