// @vitest-environment node
import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { generate, OUTPUT_URL } from "./generate-client.mjs";

it("the typed client is generated from the current spec (npm run generate-client)", async () => {
  const committed = await readFile(OUTPUT_URL, "utf8");
  expect(
    committed === (await generate()),
    "src/api/schema.gen.ts is older than services/users/openapi.json",
  ).toBe(true);
});
