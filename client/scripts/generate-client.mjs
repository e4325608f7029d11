// Generates src/api/schema.gen.ts from the service's checked-in OpenAPI spec: the only
// source of request and response types. `npm run generate-client` rewrites the file;
// `node scripts/generate-client.mjs --check` (and a Vitest test) fail while it is stale.
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

export const SPEC_URL = new URL("../../services/users/openapi.json", import.meta.url);
export const OUTPUT_URL = new URL("../src/api/schema.gen.ts", import.meta.url);
const HEADER =
  "// Generated from services/users/openapi.json by `npm run generate-client`. Do not edit.\n\n";

/**
 * An `anyOf` whose members only list `required` keys ("username or email, at least one")
 * constrains values without adding any property; openapi-typescript would render it as
 * `| unknown`, which swallows the whole type. TypeScript cannot say "at least one of" on
 * optional keys anyway, so such a constraint is left to the API (and to the form's checks).
 * @param {unknown} node
 */
function dropRequiredOnlyAnyOf(node) {
  if (Array.isArray(node)) {
    for (const item of node) dropRequiredOnlyAnyOf(item);
  } else if (typeof node === "object" && node !== null) {
    const schema = /** @type {Record<string, unknown>} */ (node);
    const anyOf = schema.anyOf;
    const requiredOnly = (/** @type {unknown} */ member) =>
      typeof member === "object" &&
      member !== null &&
      Object.keys(member).every((key) => key === "required");
    if (Array.isArray(anyOf) && schema.properties && anyOf.every(requiredOnly)) {
      delete schema.anyOf;
    }
    for (const value of Object.values(schema)) dropRequiredOnlyAnyOf(value);
  }
}

export async function generate() {
  const spec = JSON.parse(await readFile(SPEC_URL, "utf8"));
  dropRequiredOnlyAnyOf(spec);
  // A default does not make a field required: the API fills in what a request leaves out.
  return HEADER + astToString(await openapiTS(spec, { defaultNonNullable: false }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const fresh = await generate();
  if (process.argv.includes("--check")) {
    const current = await readFile(OUTPUT_URL, "utf8").catch(() => "");
    if (current !== fresh) {
      console.error("src/api/schema.gen.ts is older than the spec: run `npm run generate-client`.");
      process.exit(1);
    }
  } else {
    await writeFile(OUTPUT_URL, fresh);
  }
}
