import { lazy, Suspense } from "react";
import { useToastsWanted } from "../lib/notify";

const Notifications = lazy(() =>
  import("@mantine/notifications").then((module) => ({ default: module.Notifications })),
);

/** The toast container, loaded with the first toast. */
export function Toasts() {
  const wanted = useToastsWanted();
  return wanted ? (
    <Suspense fallback={null}>
      {/* Bottom: toasts never cover the navbar's buttons. */}
      <Notifications position="bottom-right" />
    </Suspense>
  ) : null;
}
