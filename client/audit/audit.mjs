// `make client-audit`: Lighthouse (npm `lighthouse`, Debian's Chromium) on the users list and
// login screens of the built client, served by the real backend; prints the scores and fails
// under the issue's floors. Reports are written to audit/reports/.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startBackend } from "../scripts/backend.mjs";

const FLOORS = { performance: 90, accessibility: 95, "best-practices": 95 };
const SCREENS = { "users list": "/app/users", login: "/app/login" };
const CHROME_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  // Without these Chromium calls home, which a closed network refuses.
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
].join(" ");
const LIGHTHOUSE = join(import.meta.dirname, "node_modules", ".bin", "lighthouse");
const REPORTS = join(import.meta.dirname, "reports");

mkdirSync(REPORTS, { recursive: true });
const backend = await startBackend();
let failed = false;
try {
  for (const [screen, path] of Object.entries(SCREENS)) {
    const output = join(REPORTS, `${screen.replace(" ", "-")}.json`);
    execFileSync(
      LIGHTHOUSE,
      [
        `${backend.baseUrl}${path}`,
        `--chrome-flags=${CHROME_FLAGS}`,
        "--only-categories=performance,accessibility,best-practices",
        "--output=json",
        `--output-path=${output}`,
        "--quiet",
      ],
      {
        env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? "/usr/bin/chromium" },
        stdio: "inherit",
      },
    );
    const report = JSON.parse(readFileSync(output, "utf8"));
    const scores = Object.entries(FLOORS).map(([category, floor]) => {
      const score = Math.round(report.categories[category].score * 100);
      if (score < floor) failed = true;
      return `${category} ${score}${score < floor ? ` (under ${floor})` : ""}`;
    });
    console.log(`${screen.padEnd(10)} ${scores.join(", ")}`);
  }
} finally {
  await backend.stop();
}
console.log(
  failed ? "Lighthouse: below the floors." : "Lighthouse: every score at or above its floor.",
);
process.exit(failed ? 1 : 0);
