import { useTranslation } from "../i18n";
import { formatDateTime, localeFor } from "./format";

/** Formats dates in the user's language and time zone; re-renders on a language switch. */
export function useDateFormat(): (iso: string) => string {
  const { language } = useTranslation();
  const locale = localeFor(language, navigator.languages);
  return (iso) => formatDateTime(iso, locale);
}
