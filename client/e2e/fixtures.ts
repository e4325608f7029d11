// Shared fixtures: the backend's address, and a page that fails its test if any request
// leaves 127.0.0.1 or the console reports an error (a CSP violation is one).
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { readMail } from "../scripts/mailbox.mjs";

export { ADMIN } from "./global-setup";
export { expect };

export const test = base.extend<{ baseURL: string; guard: { errors: string[] } }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern; this one has none.
  baseURL: async ({}, use) => {
    const url = process.env.E2E_BASE_URL;
    if (!url) throw new Error("global-setup did not start the backend");
    await use(url);
  },
  guard: [
    async ({ page }, use, testInfo) => {
      const outside: string[] = [];
      const errors: string[] = [];
      const log: string[] = [];
      page.on("requestfinished", async (request) => {
        if (request.url().includes("/app/")) return; // the client's own files
        const took = Math.round(request.timing().responseEnd);
        // The page may close before this runs (the test has ended): a rejection here would
        // be an error outside any test and fail the whole run.
        const response = await request.response().catch(() => null);
        log.push(`${response?.status() ?? "?"} ${request.method()} ${request.url()} ${took} ms`);
      });
      page.on("requestfailed", (request) =>
        log.push(`failed ${request.method()} ${request.url()} ${request.failure()?.errorText}`),
      );
      page.on("pageerror", (error) => log.push(`pageerror ${error.message}`));
      page.on("request", (request) => {
        const { protocol, hostname } = new URL(request.url());
        if (protocol !== "data:" && hostname !== "127.0.0.1") outside.push(request.url());
      });
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      await use({ errors });
      // What the page asked for, to diagnose a failure.
      if (testInfo.status !== testInfo.expectedStatus) {
        console.error(`requests of "${testInfo.title}":\n${log.join("\n")}`);
      }
      expect(outside, "requests that left 127.0.0.1").toEqual([]);
      // Chromium logs every 4xx answer as a failed resource; the tests check those answers
      // themselves. Anything else (a CSP violation, an exception) fails the test.
      const unexpected = errors.filter(
        (text) => !/^Failed to load resource: .* status of 4\d\d/.test(text),
      );
      expect(unexpected, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});

/** axe-core: no serious or critical violation on the current screen. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const severe = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(", ")}`,
    );
  expect(severe, `axe on ${screen}`).toEqual([]);
}

let counter = 0;
/** An address no other test uses. */
export function uniqueEmail(tag: string): string {
  counter += 1;
  return `${tag}-${Date.now()}-${process.pid}-${counter}@example.com`;
}

/** Registers a new account in this page (which is then logged in, on "My account"). */
export async function register(page: Page, name: string, email: string, password: string) {
  await page.goto("/app/register");
  await page.getByLabel("Username").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(password);
  await page.getByRole("button", { name: "Register" }).last().click();
  await expect(page.getByRole("heading", { name: "My account" })).toBeVisible();
}

/** Logs in from the login screen (English). */
export async function logIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(password);
  await page.getByRole("button", { name: "Log in" }).last().click();
}

/** The reset link of the newest email to `address` that the SMTP server received (after
 * `after` of them), waiting for it to arrive. */
export async function resetLink(address: string, after = 0): Promise<string> {
  const directory = process.env.E2E_MAILBOX;
  if (!directory) throw new Error("global-setup did not start the mail server");
  let link = "";
  await expect
    .poll(
      () => {
        const mail = readMail(directory, address);
        const newest = mail.length > after ? mail.at(-1) : undefined;
        link = /https?:\/\/\S+\/reset-password\?token=[\w-]+/.exec(newest?.text ?? "")?.[0] ?? "";
        return link;
      },
      { message: `a reset email to ${address}`, timeout: 15_000 },
    )
    .not.toBe("");
  return link;
}
