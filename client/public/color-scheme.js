// Runs before the first paint (see index.html): the scheme Mantine will restore, so the page
// starts in it. Same key and values as Mantine's localStorageColorSchemeManager.
(() => {
  let scheme = null;
  try {
    scheme = localStorage.getItem("mantine-color-scheme-value");
  } catch {
    // Storage can be blocked; the system preference still applies.
  }
  if (scheme !== "light" && scheme !== "dark") {
    scheme = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  document.documentElement.setAttribute("data-mantine-color-scheme", scheme);
})();
