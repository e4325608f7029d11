import { createTheme, MantineProvider } from "@mantine/core";
import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { Toasts } from "./components/Toasts";
import type { makeRouter } from "./router";

// Mantine's defaults (their CSS variables ship in its static CSS), plus: no animation for
// those who asked their system for less motion.
const THEME = createTheme({ respectReducedMotion: true });

/** The providers around the router: the same in the browser and in component tests. */
export function App({
  queryClient,
  router,
  env = "default",
}: {
  queryClient: QueryClient;
  router: ReturnType<typeof makeRouter>;
  /** "test": Mantine's mode for jsdom, without transitions or positioning. */
  env?: "default" | "test";
}) {
  return (
    // No CSS variables or classes injected as <style>: the Content-Security-Policy allows
    // none; the defaults come from Mantine's static CSS (styles.css).
    <MantineProvider
      theme={THEME}
      defaultColorScheme="auto"
      withCssVariables={false}
      withGlobalClasses={false}
      env={env}
    >
      <Toasts />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
