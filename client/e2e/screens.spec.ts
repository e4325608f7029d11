// Every screen in each project's language, theme and size (playwright.config.ts): the
// browser's locale and colour scheme are the defaults, nothing overflows a 360 px phone, and
// axe-core finds no serious or critical violation.
import type { Page } from "@playwright/test";
import { ADMIN, expect, expectAccessible, test } from "./fixtures";

const HEADINGS = {
  en: {
    users: "All users",
    add: "Add a user",
    login: "Log in",
    register: "Create an account",
    about: "About",
    notFound: "Page not found",
    account: "My account",
    admin: "Manage users",
    menu: "Menu",
    forgot: "Reset your password",
    reset: "Set a new password",
    changePassword: "Change password",
    deleteAccount: "Delete my account",
    editProfile: "Edit profile",
  },
  zh: {
    users: "全部用户",
    add: "添加用户",
    login: "登录",
    register: "创建账户",
    about: "关于",
    notFound: "页面不存在",
    account: "我的账户",
    admin: "管理用户",
    menu: "菜单",
    forgot: "重置密码",
    reset: "设置新密码",
    changePassword: "修改密码",
    deleteAccount: "删除我的账户",
    editProfile: "编辑个人资料",
  },
} as const;

async function expectFits(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
}

test("every screen, in this language, theme and size", async ({ page, request }, testInfo) => {
  const { locale, colorScheme, viewport } = testInfo.project.use;
  const language = locale?.startsWith("zh") ? "zh" : "en";
  const text = HEADINGS[language];
  const phone = (viewport?.width ?? 1280) < 768;
  const created = await request.post("/users", {
    data: {
      username: `screens-${testInfo.project.name}`,
      email: `screens-${Date.now()}-${testInfo.project.name}@example.com`,
    },
  });
  const { data: someone } = (await created.json()) as { data: { id: number; username: string } };

  const visit = async (path: string, heading: string) => {
    await page.goto(`/app${path}`);
    await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute(
      "data-mantine-color-scheme",
      colorScheme ?? "light",
    );
    await expect(page.locator("html")).toHaveAttribute("lang", language === "zh" ? "zh-CN" : "en");
    await expectFits(page);
    await expectAccessible(page, path);
  };

  await visit("/users", text.users);
  await visit(`/users/${someone.id}`, someone.username);
  await visit("/users/new", text.add);
  await visit("/register", text.register);
  await visit("/about", text.about);
  await expect(page.getByText("Users service", { exact: true })).toBeVisible(); // the running service's spec
  await visit("/no/such/screen", text.notFound);
  await visit("/forgot-password", text.forgot);
  await visit("/reset-password?token=from-an-email", text.reset);
  await visit("/reset-password", text.reset); // no token: the dead-link message
  await expect(page.getByRole("alert")).toBeVisible();
  await visit("/login", text.login);

  await page.getByLabel(language === "zh" ? "电子邮箱" : "Email").fill(ADMIN.email);
  await page
    .getByRole("textbox", { name: language === "zh" ? "密码" : "Password", exact: true })
    .fill(ADMIN.password);
  await page.getByRole("button", { name: text.login }).last().click();
  await expect(page.getByRole("heading", { name: text.users, level: 1 })).toBeVisible();

  if (phone) {
    const menu = page.getByRole("button", { name: text.menu });
    await expect(page.getByRole("navigation")).toBeHidden();
    await menu.click();
  }
  await page
    .getByRole("navigation")
    .getByRole("link", { name: language === "zh" ? "管理" : "Admin", exact: true })
    .click();
  await expect(page.getByRole("heading", { name: text.admin, level: 1 })).toBeVisible();
  await expect(page.locator("table tbody tr").first()).toBeVisible();
  await expectFits(page);
  await expectAccessible(page, "/admin/users");

  // The refresh cookie restores the session on each of these loads.
  await visit("/account", text.account);
  await page.getByRole("button", { name: text.editProfile }).click();
  await expect(page.getByRole("textbox").first()).toBeVisible();
  await expectFits(page);
  await expectAccessible(page, "/account (editing)");
  await visit("/account/password", text.changePassword);
  await visit("/account/delete", text.deleteAccount);
});
