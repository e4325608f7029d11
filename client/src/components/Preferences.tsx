import { type MantineColorScheme, useMantineColorScheme } from "@mantine/core";
import { chooseLanguage, LANGUAGES, type Language, useTranslation } from "../i18n";

/** Language and colour scheme as plain native selects: keyboard- and screen-reader-friendly
 * as they are, and without Mantine's Combobox machinery (which NativeSelect pulls in, at
 * a quarter of the initial-JavaScript budget). */
export function Preferences() {
  const { t, language } = useTranslation();
  // keepTransitions: Mantine would otherwise inject a <style> element, which the CSP refuses.
  const { colorScheme, setColorScheme } = useMantineColorScheme({ keepTransitions: true });
  const schemes: Record<MantineColorScheme, string> = {
    auto: t("settings.system"),
    light: t("settings.light"),
    dark: t("settings.dark"),
  };
  return (
    <>
      <select
        className="preference"
        aria-label={t("settings.language")}
        value={language}
        onChange={(event) => chooseLanguage(event.currentTarget.value as Language)}
      >
        {Object.entries(LANGUAGES).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <select
        className="preference"
        aria-label={t("settings.theme")}
        value={colorScheme}
        onChange={(event) => setColorScheme(event.currentTarget.value as MantineColorScheme)}
      >
        {Object.entries(schemes).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </>
  );
}
