// Translation in a few dozen lines instead of a library: both catalogues are bundled (a few
// KB each) so a switch never waits on the network, and keys are checked by the compiler. A
// general-purpose library (i18next: 18 KB gzipped) would have cost an eighth of the
// initial-JavaScript budget. The default comes from the browser; a choice is remembered.
import { useSyncExternalStore } from "react";
import { en } from "./en";
import { zh } from "./zh";

export const LANGUAGES = { en: "English", zh: "简体中文" } as const;
export type Language = keyof typeof LANGUAGES;
const CATALOGUES = { en, zh } as const;
const STORAGE_KEY = "language";

/** "section.key" for every text in the catalogue. */
type Leaves<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaves<typeof en>;
export type Values = Record<string, string | number>;
export type TFunction = (key: MessageKey, values?: Values) => string;

/** The first of the browser's languages that we have (any `zh-*` gets Simplified Chinese). */
export function preferredLanguage(browserLanguages: readonly string[]): Language {
  for (const tag of browserLanguages) {
    const base = tag.toLowerCase().split("-")[0];
    if (base === "en" || base === "zh") return base;
  }
  return "en";
}

/** The text for `key` with `{{name}}` placeholders filled in (React escapes the result). */
export function translate(language: Language, key: MessageKey, values: Values = {}): string {
  let node: unknown = CATALOGUES[language];
  for (const part of key.split(".")) node = (node as Record<string, unknown>)[part];
  return String(node).replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ""));
}

let current: Language = "en";
const listeners = new Set<() => void>();

/** For code outside components (toasts). */
export function currentLanguage(): Language {
  return current;
}

function storedLanguage(): Language | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === "en" || value === "zh" ? value : null;
  } catch {
    return null; // storage blocked: the browser's preference still applies
  }
}

export function initLanguage(): void {
  setLanguage(storedLanguage() ?? preferredLanguage(navigator.languages));
}

export function chooseLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered, still switched.
  }
  setLanguage(language);
}

function setLanguage(language: Language): void {
  current = language;
  // `lang` lets screen readers pick the voice and the browser pick CJK fonts.
  document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current language and its `t`; components re-render on a switch. */
export function useTranslation(): { t: TFunction; language: Language } {
  const language = useSyncExternalStore(subscribe, () => current);
  return { t: (key, values) => translate(language, key, values), language };
}
