import type { Language } from "../i18n";

/** The browser's own tag when it is a variant of the chosen language (en-GB writes dates
 * its way), else the language itself. The time zone is the browser's. */
export function localeFor(language: Language, browserLanguages: readonly string[]): string {
  const variant = browserLanguages.find((tag) => tag.toLowerCase().split("-")[0] === language);
  return variant ?? (language === "zh" ? "zh-CN" : "en");
}

export function formatDateTime(iso: string, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  }).format(new Date(iso));
}
