// A real SMTP server on loopback (scripts/smtp-catcher.py: aiosmtpd from the service's
// virtualenv) for the tests of the reset email: the backend sends to it over SMTP, and every
// message lands in a directory as JSON that `readMail` reads.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

const REPO = resolve(import.meta.dirname, "..", "..");
const PYTHON = join(process.env.VENV ?? join(REPO, ".venv"), "bin", "python");

/** @typedef {{ from: string, to: string[], subject: string, text: string }} Mail */

/**
 * Starts the SMTP server; resolves to its port, the directory it writes to, and `stop`.
 * @returns {Promise<{ port: number, directory: string, stop: () => Promise<void> }>}
 */
export async function startMailServer() {
  const directory = mkdtempSync(join(tmpdir(), "client-mailbox-"));
  const server = spawn(PYTHON, [join(import.meta.dirname, "smtp-catcher.py"), directory], {
    // stdin: a pipe whose end (this process gone) stops the server too.
    stdio: ["pipe", "pipe", "inherit"],
  });
  const port = await new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error("the SMTP server did not start")), 15_000);
    server.once("exit", (code) => fail(new Error(`the SMTP server exited (${code})`)));
    createInterface({ input: /** @type {import("node:stream").Readable} */ (server.stdout) }).on(
      "line",
      (line) => {
        const match = /^ready (\d+)$/.exec(line);
        if (match) {
          clearTimeout(timer);
          done(Number(match[1]));
        }
      },
    );
  });
  return {
    port,
    directory,
    stop: async () => {
      if (server.exitCode === null) {
        server.kill("SIGTERM");
        await new Promise((done) => server.once("exit", done));
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * The messages to `address` received so far, oldest first.
 * @param {string} directory
 * @param {string} address
 * @returns {Mail[]}
 */
export function readMail(directory, address) {
  return readdirSync(directory)
    .filter((name) => name.endsWith(".json") && !name.startsWith("."))
    .map((name) => {
      const path = join(directory, name);
      return { ...JSON.parse(readFileSync(path, "utf8")), received: statSync(path).mtimeMs };
    })
    .filter((mail) =>
      mail.to.some((/** @type {string} */ to) => to.toLowerCase() === address.toLowerCase()),
    )
    .sort((a, b) => a.received - b.received);
}
