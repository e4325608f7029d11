import { describe, expect, it } from "vitest";
import { en } from "./en";
import { preferredLanguage, translate } from "./index";
import { zh } from "./zh";

/** Every "section.key" of a catalogue with its text. */
function leaves(node: object, prefix = ""): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === "string") found.set(prefix + key, value);
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) found.set(k, v);
  }
  return found;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe("catalogues", () => {
  const english = leaves(en);
  const chinese = leaves(zh);

  it("have the same keys", () => {
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it("translate every text (only a few names may read the same)", () => {
    const sameInBoth = new Set(["settings.language"]);
    const untranslated = [...english].filter(
      ([key, text]) => chinese.get(key) === text && !sameInBoth.has(key),
    );
    expect(untranslated).toEqual([]);
  });

  it("keep the same placeholders", () => {
    for (const [key, text] of english) {
      expect(placeholders(chinese.get(key) ?? ""), key).toEqual(placeholders(text));
    }
  });

  it("Chinese texts contain Chinese", () => {
    const latinOnly = [...chinese].filter(([, text]) => !/[\u4e00-\u9fff]/.test(text));
    expect(latinOnly.map(([key]) => key)).toEqual([]);
  });
});

describe("translate", () => {
  it("fills placeholders in the chosen language", () => {
    expect(translate("en", "users.added", { email: "a@b.co" })).toBe("a@b.co was added.");
    expect(translate("zh", "users.added", { email: "a@b.co" })).toBe("已添加 a@b.co。");
  });
});

describe("preferredLanguage", () => {
  it.each([
    [["zh-CN", "en"], "zh"],
    [["zh-TW"], "zh"],
    [["fr-FR", "en-GB"], "en"],
    [["de"], "en"],
    [[], "en"],
  ] as const)("%j gives %s", (browser, expected) => {
    expect(preferredLanguage(browser)).toBe(expected);
  });
});
