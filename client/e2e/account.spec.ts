// The session through the refresh cookie, and account self-service (issue 14), in the
// desktop English light project, against the real backend and a real SMTP server.
import {
  expect,
  expectAccessible,
  logIn,
  register,
  resetLink,
  test,
  uniqueEmail,
} from "./fixtures";

const PASSWORD = "a long passphrase for e2e";
const NEW_PASSWORD = "another passphrase, longer";

test.describe.configure({ mode: "parallel" });

test("the session lives in an HttpOnly cookie: a reload keeps it, no token is readable or sent to the page", async ({
  page,
  context,
  baseURL,
}) => {
  // Every body the page receives from the API, to look for a refresh token in it.
  const bodies: string[] = [];
  page.on("response", async (response) => {
    if (new URL(response.url()).pathname.startsWith("/app/")) return;
    bodies.push(await response.text().catch(() => ""));
  });
  const email = uniqueEmail("cookie");
  await register(page, "Cookie", email, PASSWORD);

  const cookies = await context.cookies(`${baseURL}/auth/refresh`);
  const refresh = cookies.find((cookie) => cookie.name === "refresh_token");
  expect(refresh).toMatchObject({
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    path: "/auth",
  });
  expect(await page.evaluate(() => document.cookie)).not.toContain("refresh_token");

  const restored = page.waitForResponse(
    (response) => response.url().endsWith("/auth/refresh") && response.status() === 200,
  );
  await page.reload();
  await restored;
  await expect(page.getByRole("heading", { name: "My account" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();

  const storage = await page.evaluate(() => ({
    local: { ...localStorage },
    session: { ...sessionStorage },
  }));
  const stored = JSON.stringify(storage);
  expect(stored, "a JWT in storage").not.toMatch(/eyJ[\w-]+\.[\w-]+/);
  // What is there: the language, the theme, the session hint ("1"), the router's scroll positions.
  const keys = [...Object.keys(storage.local), ...Object.keys(storage.session)];
  expect(keys.filter((key) => /token|jwt|auth/i.test(key))).toEqual([]);
  expect(storage.local["session-hint"]).toBe("1");

  const rotated = (await context.cookies(`${baseURL}/auth/refresh`)).find(
    (c) => c.name === "refresh_token",
  );
  expect(rotated?.value).toBeTruthy();
  expect(bodies.length).toBeGreaterThan(2);
  for (const body of bodies) {
    expect(body).not.toContain("refresh_token");
    expect(body).not.toContain(refresh?.value ?? "no cookie");
    expect(body).not.toContain(rotated?.value ?? "no cookie");
  }
});

test("logging out in one tab ends the session in the others, which restored it from the cookie", async ({
  page,
  context,
  baseURL,
}) => {
  const email = uniqueEmail("tabs");
  await register(page, "Tabs", email, PASSWORD);
  // A second tab needs no login: the cookie restores the session.
  const other = await context.newPage();
  await other.goto("/app/account");
  await expect(other.getByRole("heading", { name: "My account" })).toBeVisible();
  await expect(other.getByText(email)).toBeVisible();

  const refreshCookie = async () =>
    (await context.cookies(`${baseURL}/auth/refresh`)).find((c) => c.name === "refresh_token");
  expect(await refreshCookie()).toBeDefined();
  await page.getByRole("button", { name: "Log out" }).first().click();
  await expect(other.getByRole("heading", { name: "Log in" })).toBeVisible();
  await expect(other).toHaveURL(/\/app\/login\?redirect=/);
  // The cookie is gone too: a reload stays logged out.
  expect(await refreshCookie()).toBeUndefined();
  await other.goto("/app/account");
  await expect(other.getByRole("heading", { name: "Log in" })).toBeVisible();
});

test("profile: edit the username, and the email with the current password", async ({ page }) => {
  const email = uniqueEmail("profile");
  await register(page, "Profile", email, PASSWORD);
  await page.getByRole("button", { name: "Edit profile" }).click();
  await page.getByLabel("Username").fill("Profile renamed");
  await expectAccessible(page, "the profile form");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Your profile was saved.")).toBeVisible();
  await expect(
    page.getByRole("banner").getByRole("link", { name: "Profile renamed" }),
  ).toBeVisible();

  const changed = uniqueEmail("profile-new");
  await page.getByRole("button", { name: "Edit profile" }).click();
  await page.getByLabel("Email").fill(changed);
  const current = page.getByRole("textbox", { name: "Current password", exact: true });
  await current.fill("not my password");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(current).toHaveAccessibleDescription(/That is not your current password\./);
  await current.fill(PASSWORD);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("main").getByText(changed)).toBeVisible();

  await page.getByRole("button", { name: "Log out" }).first().click();
  await page.goto("/app/login");
  await logIn(page, changed, PASSWORD);
  await expect(page).toHaveURL(/\/app\/users$/);
});

test("change password: the session goes on in every tab, then only the new password logs in", async ({
  page,
  context,
}) => {
  const email = uniqueEmail("password");
  await register(page, "Changer", email, PASSWORD);
  const other = await context.newPage();
  await other.goto("/app/account");
  await expect(other.getByText(email)).toBeVisible();
  await page.getByRole("link", { name: "Change password" }).click();
  await page.getByRole("textbox", { name: "Current password", exact: true }).fill(PASSWORD);
  await page.getByRole("textbox", { name: "New password", exact: true }).fill(NEW_PASSWORD);
  await page.getByRole("textbox", { name: "New password again", exact: true }).fill(NEW_PASSWORD);
  await expectAccessible(page, "change password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password was changed.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "My account" })).toBeVisible();
  // The new refresh cookie carries the session across a reload.
  await page.reload();
  await expect(page.getByText(email)).toBeVisible();
  // The other tab's access token died with the old password: its next request is refused,
  // refreshed with the new cookie, and retried.
  const refreshed = other.waitForResponse(
    (response) => response.url().endsWith("/auth/refresh") && response.status() === 200,
  );
  await other.getByRole("button", { name: "Edit profile" }).click();
  await other.getByLabel("Username").fill("Changer too");
  await other.getByRole("button", { name: "Save changes" }).click();
  await refreshed;
  await expect(other.getByText("Your profile was saved.")).toBeVisible();
  await other.close();

  await page.getByRole("button", { name: "Log out" }).first().click();
  await expect(page.getByText("You are logged out.").last()).toBeVisible();
  await page.goto("/app/login");
  await logIn(page, email, PASSWORD);
  await expect(
    page.getByRole("alert").filter({ hasText: "Wrong email or password." }),
  ).toBeVisible();
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).last().click();
  await expect(page).toHaveURL(/\/app\/users$/);
  await expect(page.getByRole("banner").getByRole("link", { name: "Changer too" })).toBeVisible();
});

test("forgot password: the emailed link sets a new one, and works only once", async ({
  page,
  baseURL,
}) => {
  const email = uniqueEmail("forgot");
  await register(page, "Forgetful", email, PASSWORD);
  await page.getByRole("button", { name: "Log out" }).first().click();
  await expect(page.getByText("You are logged out.").last()).toBeVisible();

  await page.getByRole("link", { name: "Log in" }).first().click();
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  // The login screen (with its own Email field) stays up until this screen's chunk arrives.
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("status")).toContainText(
    "If that address has an account, a reset link is on its way.",
  );

  const link = await resetLink(email);
  expect(link.startsWith(`${baseURL}/app/reset-password?token=`)).toBe(true);
  await page.goto(link);
  await page.getByRole("textbox", { name: "New password", exact: true }).fill(NEW_PASSWORD);
  await page.getByRole("textbox", { name: "New password again", exact: true }).fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set the password" }).click();
  await expect(page.getByText("Your password was reset. Please log in.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await logIn(page, email, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/app\/users$/);
  await expect(page.getByRole("banner").getByRole("link", { name: "Forgetful" })).toBeVisible();

  // The same link again: used up.
  await page.goto(link);
  await page.getByRole("textbox", { name: "New password", exact: true }).fill(PASSWORD);
  await page.getByRole("textbox", { name: "New password again", exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Set the password" }).click();
  await expect(page.getByRole("alert")).toContainText("This reset link is invalid or has expired.");
  await expect(page.getByRole("link", { name: "Request a new link" })).toBeVisible();
  await expectAccessible(page, "a used reset link");
});

test("delete my account: after the password and a confirmation, every tab is logged out", async ({
  page,
  context,
}) => {
  const email = uniqueEmail("delete");
  await register(page, "Leaving", email, PASSWORD);
  const other = await context.newPage();
  await other.goto("/app/account");
  await expect(other.getByText(email)).toBeVisible();

  await page.getByRole("link", { name: "Delete my account" }).click();
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText(`Delete the account ${email}? This cannot be undone.`)).toBeFocused();
  await expectAccessible(page, "delete confirmation");
  await page.getByRole("button", { name: "Yes, delete" }).click();
  await expect(page.getByText("Your account was deleted.")).toBeVisible();
  await expect(page).toHaveURL(/\/app\/users$/);
  await expect(page.getByRole("link", { name: "Log in" }).first()).toBeVisible();

  await expect(other.getByRole("heading", { name: "Log in" })).toBeVisible();
  await logIn(other, email, PASSWORD);
  await expect(
    other.getByRole("alert").filter({ hasText: "Wrong email or password." }),
  ).toBeVisible();
});
