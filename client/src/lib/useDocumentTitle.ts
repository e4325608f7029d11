import { useEffect } from "react";
import { useTranslation } from "../i18n";

/** "<screen> · Users": each screen has its own title, for tabs, history and screen readers. */
export function useDocumentTitle(screen: string): void {
  const { t } = useTranslation();
  const appName = t("app.name");
  useEffect(() => {
    document.title = `${screen} · ${appName}`;
  }, [screen, appName]);
}
