// @vitest-environment node
// Every text in the catalogue is used by the app: none left behind by a removed screen.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { en } from "../src/i18n/en";

const SRC = join(import.meta.dirname, "..", "src");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function keys(node: object, prefix = ""): string[] {
  return Object.entries(node).flatMap(([key, value]) =>
    typeof value === "string" ? [prefix + key] : keys(value, `${prefix}${key}.`),
  );
}

it("each key appears in the app's code (the API's messages through their map)", () => {
  const code = files(SRC)
    .filter((file) => !file.startsWith(join(SRC, "i18n")) && !file.includes(".test."))
    .map((file) => readFileSync(file, "utf8"))
    .join("\n");
  const unused = keys(en).filter((key) =>
    key.startsWith("api.") ? !code.includes(`"${key.slice(4)}"`) : !code.includes(`"${key}"`),
  );
  expect(unused).toEqual([]);
});
