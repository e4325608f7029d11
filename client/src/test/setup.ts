import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// Every screen is a lazy chunk: its first import can take seconds on a busy 2-core machine,
// and `findBy*` and `waitFor` would give up after their default second.
configure({ asyncUtilTimeout: 10_000 });

// jsdom lacks these browser APIs that Mantine reads (the spec check runs in plain Node).
if (typeof window !== "undefined") installBrowserStubs();

function installBrowserStubs() {
  window.matchMedia ??= (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      addListener: () => undefined,
      removeListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  window.scrollTo = () => undefined;
}

afterEach(() => {
  if (typeof window === "undefined") return;
  cleanup();
  localStorage.clear();
});
