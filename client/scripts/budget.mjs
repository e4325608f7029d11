// The initial-JavaScript budget: what a browser must download, gzipped, before a screen can
// show when it is the first one opened: the entry chunk, everything it imports statically,
// and the screen's own chunk with its static imports (from Vite's build manifest).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export const BUDGET_KB = 150;

/** @typedef {{ file: string, isEntry?: boolean, imports?: string[] }} Chunk */

/**
 * Gzipped KB per screen for `screens` (source paths of the lazily loaded screen modules).
 * @param {string} distDir
 * @param {string[]} screens
 * @returns {Record<string, number>}
 */
export function initialJavaScript(distDir, screens) {
  /** @type {Record<string, Chunk>} */
  const manifest = JSON.parse(readFileSync(join(distDir, ".vite", "manifest.json"), "utf8"));
  const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
  if (!entry) throw new Error("the build manifest has no entry");
  /** @type {(key: string, seen: Set<string>) => Set<string>} */
  const closure = (key, seen) => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const imported of manifest[key]?.imports ?? []) closure(imported, seen);
    return seen;
  };
  /** @type {Record<string, number>} */
  const sizes = {};
  for (const screen of screens) {
    if (!manifest[screen]) throw new Error(`${screen} is not a chunk of the build`);
    const chunks = closure(screen, closure(entry, new Set()));
    let bytes = 0;
    for (const key of chunks) {
      bytes += gzipSync(readFileSync(join(distDir, manifest[key]?.file ?? ""))).length;
    }
    sizes[screen] = bytes / 1024;
  }
  return sizes;
}
