import { defineConfig, devices } from "@playwright/test";

// Debian's Chromium, never a downloaded browser. The background-networking flags keep it
// from calling home, which this machine's closed network would refuse anyway.
const chromium = {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
const desktop = { ...devices["Desktop Chrome"], channel: undefined, launchOptions: chromium };
// 360 px wide: the smallest phone the issue asks for.
const phone = {
  ...devices["Pixel 5"],
  viewport: { width: 360, height: 740 },
  launchOptions: chromium,
};

// The long journey runs once (desktop, English, light); every screen is then visited in the
// other three combinations of language x theme x size, so each language, theme and size is
// covered at least twice without repeating the journey (see client/README.md).
export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  // Reduced motion: the app then skips its transitions, so axe never measures the contrast
  // of a toast halfway through fading in.
  use: { trace: "off", screenshot: "off", reducedMotion: "reduce" },
  projects: [
    {
      name: "desktop-en-light",
      use: { ...desktop, locale: "en-GB", colorScheme: "light", timezoneId: "Europe/London" },
    },
    {
      name: "desktop-zh-dark",
      testMatch: /screens\.spec\.ts/,
      use: { ...desktop, locale: "zh-CN", colorScheme: "dark", timezoneId: "Asia/Shanghai" },
    },
    {
      name: "phone-zh-light",
      testMatch: /screens\.spec\.ts/,
      use: { ...phone, locale: "zh-CN", colorScheme: "light", timezoneId: "Asia/Shanghai" },
    },
    {
      name: "phone-en-dark",
      testMatch: /screens\.spec\.ts/,
      use: { ...phone, locale: "en-US", colorScheme: "dark", timezoneId: "America/New_York" },
    },
  ],
});
