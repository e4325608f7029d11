import { QueryClient } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { session } from "./api/client";
import { followSession } from "./api/followSession";
import { initLanguage } from "./i18n";
import { makeRouter } from "./router";
import "./styles.css";

initLanguage();
// Restore the session from the refresh cookie while the first screen loads.
void session.restore();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change on a retry; a dropped connection might.
      retry: (count, error) => count < 2 && error instanceof TypeError,
      staleTime: 10_000,
      // Always ask: the browser's idea of "offline" (navigator.onLine) says nothing about
      // reaching this same-origin API, and paused queries for good on a machine without a
      // default route; a failed request shows its error and a retry button instead.
      networkMode: "always",
    },
    mutations: { networkMode: "always" },
  },
});
const router = makeRouter(queryClient);

followSession(queryClient, router);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <App queryClient={queryClient} router={router} />
  </StrictMode>,
);
