// The real backend for the browser tests and the Lighthouse audit: a fresh SQLite database,
// migrated, with an admin made by the CLI, served by the production server command
// (bin/serve), which also serves the built client at /app/. Rate limits are off: the tests
// log in many times from one address.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const REPO = resolve(import.meta.dirname, "..", "..");
const SERVICE = join(REPO, "services", "users");
const VENV_BIN = join(process.env.VENV ?? join(REPO, ".venv"), "bin");
export const ADMIN = { email: "admin@example.com", password: "correct horse battery staple" };

/** @returns {Promise<number>} a port nobody listens on now */
export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * @param {string} url
 * @param {import("node:child_process").ChildProcess} server
 */
async function waitFor(url, server) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the backend exited (${server.exitCode})`);
    if (
      await fetch(url).then(
        (response) => response.ok,
        () => false,
      )
    )
      return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`the backend did not answer ${url}`);
}

/**
 * Starts the backend; resolves to its address and a function that stops it and removes its
 * database.
 * @param {Record<string, string>} [extraEnv] more settings (the mail server)
 * @returns {Promise<{ baseUrl: string, stop: () => Promise<void> }>}
 */
export async function startBackend(extraEnv = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "client-backend-"));
  const port = await freePort();
  const env = {
    ...process.env,
    APP_SETTINGS: "users.config.DevelopmentConfig",
    DATABASE_URL: `sqlite:///${join(dataDir, "users.db")}`,
    AUTH_RATE_LIMIT: "",
    ACCESS_LOG: "false",
    HOST: "127.0.0.1",
    PORT: String(port),
    WEB_WORKERS: "2",
    // The reset email's link: this backend serves the client at /app/.
    CLIENT_URL: `http://127.0.0.1:${port}/app`,
    PATH: `${VENV_BIN}:${process.env.PATH}`,
    ...extraEnv,
  };
  /** @param {string[]} args */
  const flask = (...args) =>
    execFileSync(join(VENV_BIN, "flask"), ["--app", "users.wsgi", ...args], {
      cwd: SERVICE,
      env: { ...env, ADMIN_PASSWORD: ADMIN.password },
      stdio: "pipe",
    });
  flask("db", "upgrade");
  flask("create-admin", "--username", "admin", "--email", ADMIN.email);
  const server = spawn(join(SERVICE, "bin", "serve"), { cwd: SERVICE, env, stdio: "inherit" });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(`${baseUrl}/ping`, server);
  return {
    baseUrl,
    stop: async () => {
      if (server.exitCode === null) {
        server.kill("SIGTERM");
        await new Promise((done) => server.once("exit", done));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
