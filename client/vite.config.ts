/// <reference types="vitest/config" />
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import packageJson from "./package.json" with { type: "json" };

// The API's paths; `make client-dev` proxies them to a running service so the dev server is
// same-origin with the API, as in production (the refresh cookie is scoped to /auth).
const API_PATHS = ["/auth", "/users", "/ping", "/health", "/openapi.json"];
const apiUrl = process.env.API_URL ?? "http://127.0.0.1:5000";

const COMPRESSIBLE = /\.(js|css|html|svg|json)$/;

/** A `.gz` beside every compressible file of the build: the Flask app sends those to
 * browsers that accept gzip (`make run` has no nginx in front), at no cost per request. */
function precompress(): Plugin {
  let outDir = "dist";
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return {
    name: "precompress",
    apply: "build",
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      for (const file of walk(outDir).filter((path) => COMPRESSIBLE.test(path))) {
        writeFileSync(`${file}.gz`, gzipSync(readFileSync(file), { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  base: "/app/",
  plugins: [react(), precompress()],
  define: { __CLIENT_VERSION__: JSON.stringify(packageJson.version) },
  server: {
    // 0.0.0.0 in the development compose stack, whose port mapping needs it.
    host: process.env.CLIENT_DEV_HOST ?? "127.0.0.1",
    port: Number(process.env.CLIENT_DEV_PORT ?? 5300),
    strictPort: true,
    proxy: Object.fromEntries(API_PATHS.map((path) => [path, { target: apiUrl }])),
  },
  build: {
    // Source maps stay out of the served files; Lighthouse and the budget measure what ships.
    sourcemap: false,
    // dist/.vite/manifest.json: which chunks each screen loads, for the budget check.
    manifest: true,
    target: "es2022",
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}", "scripts/**/*.test.{mjs,ts}"],
    css: false,
    // The first screen test also pays for transforming every lazy screen on first import:
    // seconds on a busy 2-core machine.
    testTimeout: 15_000,
  },
});
