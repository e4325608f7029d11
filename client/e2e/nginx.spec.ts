// The production image's nginx config (client/nginx.conf), run here with Debian's nginx on a
// free port over the built files: the headers the issue asks for, the history fallback, gzip,
// and the page under its Content-Security-Policy in the browser without a single violation.
import { type ChildProcess, spawn } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "../scripts/backend.mjs";
import { expect, test } from "./fixtures";

const CLIENT = resolve(import.meta.dirname, "..");
const NGINX = process.env.NGINX ?? "/usr/sbin/nginx";

let nginx: ChildProcess;
let prefix: string;
let base: string;

test.beforeAll(async () => {
  prefix = mkdtempSync(join(tmpdir(), "client-nginx-"));
  chmodSync(prefix, 0o755); // nginx's workers run as another user when started as root
  const port = await freePort();
  // The image's layout, recreated: the files under <root>/app, the headers include beside.
  mkdirSync(join(prefix, "html"));
  symlinkSync(join(CLIENT, "dist"), join(prefix, "html", "app"));
  writeFileSync(
    join(prefix, "client-headers.conf"),
    readFileSync(join(CLIENT, "nginx-headers.conf")),
  );
  const site = readFileSync(join(CLIENT, "nginx.conf"), "utf8")
    .replace("listen 80;", `listen 127.0.0.1:${port};`)
    .replace("root /usr/share/nginx/html;", `root ${join(prefix, "html")};`)
    .replaceAll("/etc/nginx/client-headers.conf", join(prefix, "client-headers.conf"));
  writeFileSync(join(prefix, "site.conf"), site);
  writeFileSync(
    join(prefix, "nginx.conf"),
    `daemon off; pid ${prefix}/nginx.pid; error_log stderr;
     events {}
     http { include /etc/nginx/mime.types; access_log off;
            client_body_temp_path ${prefix}/tmp; proxy_temp_path ${prefix}/tmp;
            fastcgi_temp_path ${prefix}/tmp; uwsgi_temp_path ${prefix}/tmp; scgi_temp_path ${prefix}/tmp;
            include ${prefix}/site.conf; }`,
  );
  nginx = spawn(NGINX, ["-p", prefix, "-c", join(prefix, "nginx.conf")], { stdio: "inherit" });
  base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i += 1) {
    if (
      await fetch(`${base}/app/`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error("nginx did not start");
});

test.afterAll(async () => {
  if (nginx.exitCode === null) {
    nginx.kill("SIGTERM");
    await new Promise((done) => nginx.once("exit", done));
  }
  rmSync(prefix, { recursive: true, force: true });
});

test("index.html: no-cache, the strict policy, and the fallback for every screen", async ({
  request,
}) => {
  for (const path of [
    "/app/",
    "/app/users",
    "/app/admin/users?pages=2",
    "/app/reset-password?token=x",
  ]) {
    const response = await request.get(`${base}${path}`);
    expect(response.status(), path).toBe(200);
    expect(await response.text()).toContain('<div id="root">');
    const headers = response.headers();
    expect(headers["cache-control"]).toBe("no-cache");
    const policy = headers["content-security-policy"] ?? "";
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("default-src 'self';");
    expect(policy).not.toContain("unsafe-inline");
    expect(policy).not.toMatch(/https?:/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
  }
});

test("hashed assets: immutable for a year, gzipped; a missing one is a 404", async ({
  request,
}) => {
  const html = await (await request.get(`${base}/app/`)).text();
  const script = html.match(/src="(\/app\/assets\/[^"]+\.js)"/)?.[1];
  expect(script).toBeTruthy();
  const response = await request.get(`${base}${script}`, {
    headers: { "Accept-Encoding": "gzip" },
  });
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect(response.headers()["content-encoding"]).toBe("gzip");
  expect(response.headers()["content-security-policy"]).toBeTruthy();
  expect((await request.get(`${base}/app/assets/gone-0000.js`)).status()).toBe(404);
});

test("the page runs under the policy without a violation", async ({ page, guard }) => {
  await page.goto(`${base}/app/users`);
  // No API behind this nginx: the shell renders, the list reports the failure.
  await expect(page.getByRole("heading", { name: "All users" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await page.getByRole("combobox", { name: "Theme" }).selectOption("dark"); // Mantine would inject a <style> here
  await expect(page.locator("html")).toHaveAttribute("data-mantine-color-scheme", "dark");
  expect(guard.errors.filter((text) => /Content Security Policy/.test(text))).toEqual([]);
});
