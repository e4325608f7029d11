import { describe, expect, it } from "vitest";
import { formatDateTime, localeFor } from "./format";

describe("dates", () => {
  const iso = "2026-11-23T22:59:09Z";

  it("are shown in the user's time zone", () => {
    expect(formatDateTime(iso, "en-GB", "Asia/Shanghai")).toBe("24 Nov 2026, 06:59");
    expect(formatDateTime(iso, "en-US", "UTC")).toBe("Nov 23, 2026, 10:59 PM");
  });

  it("are written the Chinese way in Chinese", () => {
    expect(formatDateTime(iso, "zh-CN", "Asia/Shanghai")).toBe("2026年11月24日 06:59");
  });

  it("use the browser's variant of the chosen language", () => {
    expect(localeFor("en", ["en-GB", "zh-CN"])).toBe("en-GB");
    expect(localeFor("zh", ["en-GB", "zh-CN"])).toBe("zh-CN");
    expect(localeFor("zh", ["en-US"])).toBe("zh-CN");
  });
});
