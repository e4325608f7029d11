// Toasts. Mantine's notifications (and the transition library under them) load with the
// first toast, not with the first screen: they are not needed to show it.
import { useSyncExternalStore } from "react";
import { currentLanguage, translate } from "../i18n";

type Toast = { message: string; color: "green" | "red"; autoClose: number };
type Labelled = Toast & { closeButtonProps: { "aria-label": string } };

let wanted = false;
const listeners = new Set<() => void>();

function show(toast: Toast): void {
  if (!wanted) {
    wanted = true;
    for (const listener of listeners) listener();
  }
  // The store queues a toast shown before its container mounts; the container shows it.
  const labelled: Labelled = {
    ...toast,
    closeButtonProps: { "aria-label": translate(currentLanguage(), "app.close") },
  };
  void import("@mantine/notifications").then(({ notifications }) => notifications.show(labelled));
}

export const notify = {
  success: (message: string) => show({ message, color: "green", autoClose: 4000 }),
  failure: (message: string) => show({ message, color: "red", autoClose: 8000 }),
};

/** Whether a toast was ever asked for: until then the container is not loaded. */
export function useToastsWanted(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => wanted,
  );
}
