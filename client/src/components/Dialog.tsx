import { Modal, type ModalProps } from "@mantine/core";
import { useTranslation } from "../i18n";

/** Mantine's Modal with a labelled close button, and without its scroll lock, which works by
 * injecting a <style> element that the Content-Security-Policy (style-src 'self') refuses.
 * The overlay still covers the page. */
export function Dialog(props: ModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      centered
      lockScroll={false}
      closeButtonProps={{ "aria-label": t("app.close") }}
      {...props}
    />
  );
}
