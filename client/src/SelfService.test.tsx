import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { session } from "./api/client";
import { initLanguage } from "./i18n";
import { fakeApi, json, refused, screensPerTest, user } from "./test/renderApp";

const wrongPassword = () => json(401, { status: "fail", message: "Invalid email or password." });
const me = (extra: Record<string, unknown> = {}) =>
  json(200, { status: "success", data: { ...user(1), admin: false, ...extra } });

const open = screensPerTest();

const logIn = (routes: Parameters<typeof fakeApi>[0]) => {
  const api = fakeApi({
    "POST /auth/refresh": () => json(200, { status: "success", auth_token: "access-1" }),
    "GET /auth/status": () => me(),
    ...routes,
  });
  return session.refresh().then(() => api);
};

const password = (name: string | RegExp) => screen.getByLabelText(name, { selector: "input" });

describe("profile", () => {
  it("edits the username alone, without asking for the password", async () => {
    const api = await logIn({
      "PATCH /auth/profile": () =>
        json(200, { status: "success", data: { ...user(1), username: "renamed", admin: false } }),
    });
    await open("/account");
    await userEvent.click(await screen.findByRole("button", { name: "Edit profile" }));
    const username = await screen.findByLabelText(/Username/);
    await waitFor(() => expect(username).toHaveFocus()); // the button it replaced is gone
    await userEvent.clear(username);
    await userEvent.type(username, "renamed");
    expect(screen.queryByLabelText(/Current password/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Your profile was saved.")).toBeInTheDocument();
    expect(await screen.findByText("renamed", { selector: "dd" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Edit profile" })).toHaveFocus();
    const patch = api.requests.find((r) => r.method === "PATCH");
    expect(await patch?.json()).toEqual({ username: "renamed" });
    expect(patch?.headers.get("Authorization")).toBe("Bearer access-1");
  });

  it("asks for the current password when the email changes, and says when it is wrong", async () => {
    const api = await logIn({ "PATCH /auth/profile": wrongPassword });
    await open("/account");
    await userEvent.click(await screen.findByRole("button", { name: "Edit profile" }));
    const email = await screen.findByLabelText(/Email/);
    await userEvent.clear(email);
    await userEvent.type(email, "new@example.com");
    await userEvent.click(screen.getByRole("button", { name: "Save changes" }));
    const current = password(/Current password/);
    await waitFor(() => expect(current).toHaveAccessibleDescription(/Required/));
    expect(api.requests.some((r) => r.method === "PATCH")).toBe(false);

    await userEvent.type(current, "not my password");
    await userEvent.click(screen.getByRole("button", { name: "Save changes" }));
    await waitFor(() =>
      expect(current).toHaveAccessibleDescription(/That is not your current password\./),
    );
    const patch = api.requests.find((r) => r.method === "PATCH");
    expect(await patch?.json()).toEqual({
      email: "new@example.com",
      current_password: "not my password",
    });
    // A wrong password here is not a refused token: the session stays.
    expect(session.status).toBe("authenticated");
  });

  it("shows a taken email beside its field", async () => {
    await logIn({
      "PATCH /auth/profile": () =>
        json(400, { status: "fail", message: "Sorry. That email already exists." }),
    });
    await open("/account");
    await userEvent.click(await screen.findByRole("button", { name: "Edit profile" }));
    const email = await screen.findByLabelText(/Email/);
    await userEvent.clear(email);
    await userEvent.type(email, "user2@example.com");
    await userEvent.type(password(/Current password/), "my password");
    await userEvent.click(screen.getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(email).toHaveAccessibleDescription("That email is already taken."));
  });
});

describe("change password", () => {
  it("checks the repeat, then keeps the session with the new access token", async () => {
    const api = await logIn({
      "POST /auth/password": () =>
        json(200, { status: "success", message: "Password changed.", auth_token: "access-2" }),
    });
    const { router } = await open("/account/password");
    await userEvent.type(await screen.findByLabelText(/Current password/), "old password");
    await userEvent.type(password(/^New password$|^New password \*/), "a new passphrase");
    await userEvent.type(password(/New password again/), "a new passphrasE");
    await userEvent.click(screen.getByRole("button", { name: "Change password" }));
    await waitFor(() =>
      expect(password(/New password again/)).toHaveAccessibleDescription(
        "The two passwords differ",
      ),
    );
    expect(api.requests.some((r) => r.url.endsWith("/auth/password"))).toBe(false);

    await userEvent.clear(password(/New password again/));
    await userEvent.type(password(/New password again/), "a new passphrase");
    await userEvent.click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByText("Your password was changed.")).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.pathname).toBe("/account"));
    const sent = api.requests.find((r) => r.url.endsWith("/auth/password"));
    expect(await sent?.json()).toEqual({
      current_password: "old password",
      new_password: "a new passphrase",
    });
    expect(sent?.headers.get("X-Refresh-Cookie")).toBe("1");
    expect(session.status).toBe("authenticated");
    // The next request carries the new token.
    await screen.findByRole("heading", { name: "My account" });
    const status = api.requests.filter((r) => r.url.endsWith("/auth/status")).at(-1);
    expect(status?.headers.get("Authorization")).toBe("Bearer access-2");
  });

  it("puts a wrong current password and a common new one beside their fields", async () => {
    let calls = 0;
    await logIn({
      "POST /auth/password": () => {
        calls += 1;
        return calls === 1
          ? wrongPassword()
          : json(400, { status: "fail", message: "Password is too common." });
      },
    });
    await open("/account/password");
    const current = await screen.findByLabelText(/Current password/);
    await userEvent.type(current, "wrong");
    await userEvent.type(password(/^New password \*?$/), "password1");
    await userEvent.type(password(/New password again/), "password1");
    await userEvent.click(screen.getByRole("button", { name: "Change password" }));
    await waitFor(() =>
      expect(current).toHaveAccessibleDescription("That is not your current password."),
    );
    await userEvent.click(screen.getByRole("button", { name: "Change password" }));
    await waitFor(() =>
      expect(password(/^New password \*?$/)).toHaveAccessibleDescription(
        /That password is too common; choose another\./,
      ),
    );
  });
});

describe("delete my account", () => {
  it("asks for the password and a confirmation, then ends the session everywhere", async () => {
    const api = await logIn({
      "DELETE /auth/account": () => json(200, { status: "success", message: "Account deleted." }),
      "GET /users": () =>
        json(200, { status: "success", data: { users: [], next_cursor: null, limit: 50 } }),
    });
    const ended = vi.fn();
    const channel = new BroadcastChannel("users-session");
    channel.addEventListener("message", (event) => ended(event.data));
    const { router } = await open("/account/delete");
    await userEvent.click(await screen.findByRole("button", { name: "Continue" }));
    expect(await screen.findByText("Required")).toBeInTheDocument();
    await userEvent.type(password(/Password/), "my password");
    await userEvent.click(screen.getByRole("button", { name: "Continue" }));
    const question = await screen.findByText(
      "Delete the account user1@example.com? This cannot be undone.",
    );
    expect(question).toHaveFocus();
    expect(api.requests.some((r) => r.method === "DELETE")).toBe(false);
    await userEvent.click(screen.getByRole("button", { name: "Yes, delete" }));
    expect(await screen.findByText("Your account was deleted.")).toBeInTheDocument();
    await waitFor(() => expect(session.status).toBe("anonymous"));
    expect(router.state.location.pathname).toBe("/users");
    const sent = api.requests.find((r) => r.method === "DELETE");
    expect(await sent?.json()).toEqual({ password: "my password" });
    await waitFor(() => expect(ended).toHaveBeenCalledWith({ type: "logout" }));
    channel.close();
    // Logged out without asking the API to log out a deleted account.
    expect(api.requests.some((r) => r.url.endsWith("/auth/logout"))).toBe(false);
  });

  it("a wrong password goes back to the form, beside the field", async () => {
    await logIn({ "DELETE /auth/account": wrongPassword });
    await open("/account/delete");
    await userEvent.type(await screen.findByLabelText(/Password/), "wrong");
    await userEvent.click(screen.getByRole("button", { name: "Continue" }));
    await userEvent.click(await screen.findByRole("button", { name: "Yes, delete" }));
    await waitFor(() =>
      expect(password(/Password/)).toHaveAccessibleDescription(
        "That is not your current password.",
      ),
    );
    expect(password(/Password/)).toHaveFocus();
    expect(session.status).toBe("authenticated");
  });
});

describe("forgot password", () => {
  it("sends the address and shows the contract's answer, translated", async () => {
    const api = fakeApi({
      "POST /auth/refresh": refused,
      "POST /auth/password-reset": () =>
        json(202, {
          status: "success",
          message: "If that address has an account, a reset link is on its way.",
        }),
    });
    localStorage.setItem("language", "zh");
    initLanguage();
    await open("/forgot-password");
    await userEvent.type(await screen.findByLabelText(/电子邮箱/), " someone@example.com ");
    await userEvent.click(screen.getByRole("button", { name: "发送链接" }));
    expect(await screen.findByRole("status")).toHaveTextContent(
      "如果该地址注册过账户，重置链接已发送到该邮箱。",
    );
    const sent = api.requests.find((r) => r.url.endsWith("/auth/password-reset"));
    expect(await sent?.json()).toEqual({ email: "someone@example.com" });
  });

  it("is reached from the login screen", async () => {
    fakeApi({ "POST /auth/refresh": refused });
    const { router } = await open("/login");
    await userEvent.click(await screen.findByRole("link", { name: "Forgot your password?" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/forgot-password"));
    expect(await screen.findByRole("heading", { name: "Reset your password" })).toBeInTheDocument();
  });

  it("says when there were too many requests", async () => {
    fakeApi({
      "POST /auth/refresh": refused,
      "POST /auth/password-reset": () =>
        json(429, { status: "fail", message: "Too many requests. Try again later." }),
    });
    await open("/forgot-password");
    await userEvent.type(await screen.findByLabelText(/Email/), "someone@example.com");
    await userEvent.click(screen.getByRole("button", { name: "Send the link" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Too many attempts. Try again later.",
    );
  });
});

describe("reset password", () => {
  it("sets the new password with the link's token, then goes to login with a toast", async () => {
    const api = fakeApi({
      "POST /auth/refresh": refused,
      "POST /auth/password-reset/confirm": () =>
        json(200, { status: "success", message: "Password reset. Please log in." }),
    });
    const { router } = await open("/reset-password?token=abc-123_x");
    await userEvent.type(await screen.findByLabelText(/^New password \*?$/), "a new passphrase");
    await userEvent.type(password(/New password again/), "a new passphrase");
    await userEvent.click(screen.getByRole("button", { name: "Set the password" }));
    expect(await screen.findByText("Your password was reset. Please log in.")).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.pathname).toBe("/login"));
    expect(await screen.findByRole("heading", { name: "Log in" })).toBeInTheDocument();
    const sent = api.requests.find((r) => r.url.endsWith("/confirm"));
    expect(await sent?.json()).toEqual({ token: "abc-123_x", new_password: "a new passphrase" });
  });

  it("an invalid or expired link shows the contract's message, translated, and a way on", async () => {
    fakeApi({
      "POST /auth/refresh": refused,
      "POST /auth/password-reset/confirm": () =>
        json(400, { status: "fail", message: "Reset link is invalid or has expired." }),
    });
    localStorage.setItem("language", "zh");
    initLanguage();
    await open("/reset-password?token=used");
    await userEvent.type(await screen.findByLabelText(/^新密码/), "a new passphrase");
    await userEvent.type(password(/再次输入新密码/), "a new passphrase");
    await userEvent.click(screen.getByRole("button", { name: "设置密码" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("重置链接无效或已过期。");
    const main = screen.getByRole("main");
    expect(within(main).getByRole("link", { name: "重新获取链接" })).toBeInTheDocument();
    expect(within(main).queryByRole("button", { name: "设置密码" })).not.toBeInTheDocument();
  });

  it("a link without a token is dead at once", async () => {
    const api = fakeApi({ "POST /auth/refresh": refused });
    await open("/reset-password");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This reset link is invalid or has expired.",
    );
    expect(api.requests.some((r) => r.url.includes("password-reset"))).toBe(false);
  });
});
