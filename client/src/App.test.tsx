import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { session } from "./api/client";
import { initLanguage } from "./i18n";
import { fakeApi, json, refused, screensPerTest, user } from "./test/renderApp";

const page = (users: unknown[], next: string | null) =>
  json(200, { status: "success", data: { users, next_cursor: next, limit: 50 } });
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => user(from + i));

const open = screensPerTest();

describe("add user", () => {
  it("checks fields as the user types, then shows the API's error beside the field", async () => {
    const api = fakeApi({
      "POST /auth/refresh": refused,
      "POST /users": () =>
        json(400, { status: "fail", message: "Sorry. That email already exists." }),
    });
    await open("/users/new");
    const email = await screen.findByLabelText(/Email/);
    await userEvent.type(email, "not-an-email");
    await userEvent.tab();
    expect(await screen.findByText("Enter a valid email address")).toBeInTheDocument();
    expect(api.requests.filter((r) => r.url.endsWith("/users"))).toHaveLength(0);

    await userEvent.type(screen.getByLabelText(/Username/), "michael");
    await userEvent.clear(email);
    await userEvent.type(email, "michael@mherman.org");
    await userEvent.click(screen.getByRole("button", { name: "Add" }));
    await waitFor(() => expect(email).toHaveAccessibleDescription("That email is already taken."));
    const sent = api.requests.find((r) => r.method === "POST" && r.url.endsWith("/users"));
    expect(await sent?.json()).toEqual({ username: "michael", email: "michael@mherman.org" });
  });

  it("on success says so and shows the new user", async () => {
    fakeApi({
      "POST /auth/refresh": refused,
      "POST /users": () => json(201, { status: "success", message: "x", data: user(7) }),
      "GET /users/7": () => json(200, { status: "success", data: user(7) }),
    });
    const { router } = await open("/users/new");
    await userEvent.type(await screen.findByLabelText(/Username/), "user7");
    await userEvent.type(screen.getByLabelText(/Email/), "user7@example.com");
    await userEvent.click(screen.getByRole("button", { name: "Add" }));
    expect(await screen.findByText("user7@example.com was added.")).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.pathname).toBe("/users/7"));
    expect(await screen.findByRole("heading", { name: "user7" })).toBeInTheDocument();
  });
});

describe("sessions", () => {
  it("a screen that needs a session sends to login, and login comes back to it", async () => {
    const api = fakeApi({
      "POST /auth/refresh": refused,
      "POST /auth/login": () =>
        json(200, {
          status: "success",
          message: "Successfully logged in.",
          auth_token: "access-1",
        }),
      "GET /auth/status": () =>
        json(200, { status: "success", data: { ...user(1), admin: false } }),
    });
    const { router } = await open("/account");
    await screen.findByRole("heading", { name: "Log in" });
    expect(router.state.location.search).toEqual({ redirect: "/account" });
    expect(screen.getByRole("alert")).toHaveTextContent("Please log in to continue.");

    await userEvent.type(screen.getByLabelText(/Email/), "user1@example.com");
    await userEvent.type(screen.getByLabelText(/Password/), "a long passphrase");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    expect(await screen.findByRole("heading", { name: "My account" })).toBeInTheDocument();
    expect(await screen.findByText("user1@example.com")).toBeInTheDocument();
    const status = api.requests.find((r) => r.url.endsWith("/auth/status"));
    expect(status?.headers.get("Authorization")).toBe("Bearer access-1");
    const login = api.requests.find((r) => r.url.endsWith("/auth/login"));
    expect(login?.headers.get("X-Refresh-Cookie")).toBe("1");
  });

  it("a refused token and a refused refresh send the user to login, to come back after", async () => {
    let refreshes = 0;
    fakeApi({
      "POST /auth/refresh": () => {
        refreshes += 1;
        return refreshes === 1
          ? json(200, { status: "success", auth_token: "expiring" })
          : refused();
      },
      "GET /auth/status": refused,
    });
    await session.refresh();
    const { router } = await open("/account");
    // 401, one refresh (refused), the session ends, the guard sends the screen to login.
    await screen.findByRole("heading", { name: "Log in" }, { timeout: 5000 });
    expect(router.state.location.search).toEqual({ redirect: "/account" });
    expect(refreshes).toBe(2); // the start-up one, then exactly one after the 401
    expect(session.status).toBe("anonymous");
  });

  it("a wrong password is one message for the form, in the user's language", async () => {
    fakeApi({
      "POST /auth/refresh": refused,
      "POST /auth/login": () =>
        json(401, { status: "fail", message: "Invalid email or password." }),
    });
    localStorage.setItem("language", "zh");
    initLanguage();
    await open("/login");
    await userEvent.type(await screen.findByLabelText(/电子邮箱/), "a@b.co");
    await userEvent.type(screen.getByLabelText(/密码/), "wrong password");
    await userEvent.click(screen.getByRole("button", { name: "登录" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("电子邮箱或密码错误。");
  });

  it("restores the session from the cookie on start, and logs out", async () => {
    const api = fakeApi({
      "POST /auth/refresh": () => json(200, { status: "success", auth_token: "access-9" }),
      "GET /auth/status": () => json(200, { status: "success", data: { ...user(9), admin: true } }),
      "POST /auth/logout": () =>
        json(200, { status: "success", message: "Successfully logged out." }),
      "GET /users": () => page([], null),
    });
    await session.refresh();
    await open("/users");
    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(await within(nav).findByRole("link", { name: "Admin" })).toBeInTheDocument();
    await userEvent.click(screen.getAllByRole("button", { name: "Log out" })[0] as HTMLElement);
    expect(await screen.findByText("You are logged out.")).toBeInTheDocument();
    expect(session.status).toBe("anonymous");
    expect(within(nav).queryByRole("link", { name: "Admin" })).not.toBeInTheDocument();
    expect(api.requests.some((r) => r.url.endsWith("/auth/logout"))).toBe(true);
  });
});

describe("users list", () => {
  it("loads more pages with the cursor, and the URL keeps how many", async () => {
    const api = fakeApi({
      "POST /auth/refresh": refused,
      "GET /users": (request) =>
        new URL(request.url).searchParams.get("cursor") === "c2"
          ? page(range(51, 60), null)
          : page(range(1, 50), "c2"),
    });
    const { router } = await open("/users");
    expect(await screen.findByText("user50")).toBeInTheDocument();
    expect(screen.getByText("Showing 50 users")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Load more" }));
    expect(await screen.findByText("user60")).toBeInTheDocument();
    expect(router.state.location.search).toEqual({ pages: 2 });
    expect(screen.getByText("That is everyone.")).toBeInTheDocument();
    expect(
      api.requests.filter((r) => r.url.includes("/users?")).map((r) => new URL(r.url).search),
    ).toEqual(["?limit=50", "?limit=50&cursor=c2"]);
  });

  it("a reload of ?pages=2 shows both pages again", async () => {
    fakeApi({
      "POST /auth/refresh": refused,
      "GET /users": (request) =>
        new URL(request.url).searchParams.get("cursor")
          ? page(range(51, 52), null)
          : page(range(1, 50), "c2"),
    });
    await open("/users?pages=2");
    expect(await screen.findByText("user52")).toBeInTheDocument();
  });

  it("says so when there are no users, and offers a retry when the API fails", async () => {
    let calls = 0;
    fakeApi({
      "POST /auth/refresh": refused,
      "GET /users": () => {
        calls += 1;
        return calls === 1
          ? json(503, { status: "fail", message: "Service temporarily unavailable." })
          : page([], null);
      },
    });
    await open("/users");
    expect(await screen.findByText("The service is temporarily unavailable.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("No users yet.")).toBeInTheDocument();
  });
});

describe("admin", () => {
  it("deactivates a user, and deletes only after confirmation", async () => {
    const api = fakeApi({
      "POST /auth/refresh": () => json(200, { status: "success", auth_token: "admin-token" }),
      "GET /auth/status": () => json(200, { status: "success", data: { ...user(1), admin: true } }),
      "GET /users": () => page([user(1), user(2)], null),
      "PATCH /users/2": () => json(200, { status: "success", data: user(2, { active: false }) }),
      "DELETE /users/2": () =>
        json(200, { status: "success", message: "user2@example.com was removed!" }),
    });
    await session.refresh();
    await open("/admin/users");
    await userEvent.click(await screen.findByRole("button", { name: "Actions for user2" }));
    let dialog = await screen.findByRole("dialog");
    await userEvent.click(within(dialog).getByRole("button", { name: "Deactivate" }));
    expect(await screen.findByText("user2@example.com was updated.")).toBeInTheDocument();
    const patch = api.requests.find((r) => r.method === "PATCH");
    expect(await patch?.json()).toEqual({ active: false });
    expect(patch?.headers.get("Authorization")).toBe("Bearer admin-token");

    await userEvent.click(screen.getByRole("button", { name: "Actions for user2" }));
    dialog = await screen.findByRole("dialog");
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    expect(dialog).toHaveTextContent("Delete user2@example.com? This cannot be undone.");
    expect(api.requests.some((r) => r.method === "DELETE")).toBe(false);
    await userEvent.click(within(dialog).getByRole("button", { name: "Yes, delete" }));
    expect(await screen.findByText("user2@example.com was removed.")).toBeInTheDocument();
  });

  it("sends only the fields that changed, and shows a taken email beside its field", async () => {
    const api = fakeApi({
      "POST /auth/refresh": () => json(200, { status: "success", auth_token: "admin-token" }),
      "GET /auth/status": () => json(200, { status: "success", data: { ...user(1), admin: true } }),
      "GET /users": () => page([user(1), user(2)], null),
      "PATCH /users/2": () =>
        json(400, { status: "fail", message: "Sorry. That email already exists." }),
    });
    await session.refresh();
    await open("/admin/users");
    await userEvent.click(await screen.findByRole("button", { name: "Actions for user2" }));
    const dialog = await screen.findByRole("dialog");
    const email = within(dialog).getByLabelText(/Email/);
    await userEvent.clear(email);
    await userEvent.type(email, "user1@example.com");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(email).toHaveAccessibleDescription("That email is already taken."));
    const patch = api.requests.find((r) => r.method === "PATCH");
    expect(await patch?.json()).toEqual({ email: "user1@example.com" });
  });

  it("is refused to a user who is not an admin", async () => {
    fakeApi({
      "POST /auth/refresh": () => json(200, { status: "success", auth_token: "t" }),
      "GET /auth/status": () =>
        json(200, { status: "success", data: { ...user(1), admin: false } }),
    });
    await session.refresh();
    await open("/admin/users");
    expect(await screen.findByText("Only administrators can see this page.")).toBeInTheDocument();
  });
});

describe("language switch", () => {
  it("switches every text and the page language, and remembers the choice", async () => {
    fakeApi({ "POST /auth/refresh": refused, "GET /users": () => page([user(1)], null) });
    await open("/users");
    expect(await screen.findByRole("heading", { name: "All users" })).toBeInTheDocument();
    await userEvent.selectOptions(screen.getAllByLabelText("Language")[0] as HTMLElement, "zh");
    expect(await screen.findByRole("heading", { name: "全部用户" })).toBeInTheDocument();
    expect(screen.getAllByRole("columnheader").map((th) => th.textContent)).toEqual([
      "用户名",
      "电子邮箱",
      "已激活",
      "创建时间",
    ]);
    expect(document.documentElement.lang).toBe("zh-CN");
    expect(localStorage.getItem("language")).toBe("zh");
  });
});

describe("not found", () => {
  it("an unknown address shows the 404 screen", async () => {
    fakeApi({ "POST /auth/refresh": refused });
    await open("/no/such/page");
    expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();
  });
});

describe("user fields", () => {
  it("let the browser fill in the user's own details when registering", async () => {
    fakeApi({ "POST /auth/refresh": refused });
    await open("/register");
    expect(await screen.findByLabelText(/Username/)).toHaveAttribute("autocomplete", "nickname");
    expect(screen.getByLabelText(/Email/)).toHaveAttribute("autocomplete", "email");
  });

  it("never fill them into someone else's account", async () => {
    fakeApi({ "POST /auth/refresh": refused });
    await open("/users/new");
    expect(await screen.findByLabelText(/Username/)).toHaveAttribute("autocomplete", "off");
    expect(screen.getByLabelText(/Email/)).toHaveAttribute("autocomplete", "off");
  });
});
