// @vitest-environment node
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect, it } from "vitest";
import { initialJavaScript } from "./budget.mjs";

/** A fake build: an entry importing a shared chunk, two screens, one importing a big chunk. */
function fakeDist() {
  const dir = mkdtempSync(join(tmpdir(), "budget-"));
  mkdirSync(join(dir, ".vite"));
  /** @type {(name: string, bytes: Buffer) => void} */
  const file = (name, bytes) => writeFileSync(join(dir, name), bytes);
  file("entry.js", Buffer.alloc(10_000, 1));
  file("shared.js", Buffer.alloc(10_000, 2));
  file("a.js", Buffer.alloc(10_000, 3));
  file("b.js", Buffer.alloc(10_000, 4));
  file("big.js", randomBytes(50_000)); // incompressible
  const manifest = {
    "src/main.tsx": { file: "entry.js", isEntry: true, imports: ["_shared"] },
    _shared: { file: "shared.js" },
    "src/pages/A.tsx": { file: "a.js", imports: ["_shared"] },
    "src/pages/B.tsx": { file: "b.js", imports: ["_big"] },
    _big: { file: "big.js" },
  };
  writeFileSync(join(dir, ".vite", "manifest.json"), JSON.stringify(manifest));
  return dir;
}

/** @type {(buffer: Buffer) => number} */
const gz = (buffer) => gzipSync(buffer).length / 1024;

it("counts the entry, its imports and the screen's chunks once each, gzipped", () => {
  const sizes = initialJavaScript(fakeDist(), ["src/pages/A.tsx", "src/pages/B.tsx"]);
  const small = gz(Buffer.alloc(10_000, 1));
  const [a = 0, b = 0] = [sizes["src/pages/A.tsx"], sizes["src/pages/B.tsx"]];
  expect(a).toBeCloseTo(3 * small, 1); // entry + shared + a
  expect(b).toBeGreaterThan(a + 40); // entry + shared + b + 49 KB of big
});

it("refuses a screen that is not in the build", () => {
  expect(() => initialJavaScript(fakeDist(), ["src/pages/Gone.tsx"])).toThrow(/not a chunk/);
});
