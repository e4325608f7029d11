// `make client-budget`: prints each screen's initial JavaScript and fails over the budget.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BUDGET_KB, initialJavaScript } from "./budget.mjs";

const dist = fileURLToPath(new URL("../dist", import.meta.url));
const screens = readdirSync(new URL("../src/pages", import.meta.url))
  .filter((file) => /^[A-Z]\w+Page\.tsx$/.test(file))
  .map((file) => `src/pages/${file}`);
const sizes = initialJavaScript(dist, screens);
let over = 0;
for (const [screen, kb] of Object.entries(sizes).sort((a, b) => b[1] - a[1])) {
  const verdict = kb <= BUDGET_KB ? "ok" : "OVER";
  if (kb > BUDGET_KB) over += 1;
  console.log(`${kb.toFixed(1).padStart(6)} KB  ${verdict.padEnd(4)} ${screen}`);
}
console.log(
  `Initial JavaScript, gzipped, budget ${BUDGET_KB} KB: ${over ? `${over} screen(s) over` : "every screen within"}.`,
);
process.exit(over ? 1 : 0);
