// The route tree. Every screen is its own chunk (lazyRouteComponent), so the first load
// carries only the shell and the screen asked for.
import type { QueryClient } from "@tanstack/react-query";
import {
  createBrowserHistory,
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  redirect,
} from "@tanstack/react-router";
import { session } from "./api/client";
import { Layout } from "./components/Layout";
import { NotFound } from "./pages/NotFound";

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Layout,
  notFoundComponent: NotFound,
});

/** Screens that need a session: wait for the start-up refresh, else go to login and come back. */
const authenticatedRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "_authenticated",
  beforeLoad: async ({ location }) => {
    if (!(await session.restore())) {
      throw redirect({ to: "/login", search: { redirect: location.href } });
    }
  },
});

/** How many pages of a user list are shown: the URL keeps the position across reloads. */
function validatePages(search: Record<string, unknown>): { pages?: number } {
  const pages = Number(search.pages);
  return Number.isInteger(pages) && pages > 1 ? { pages: Math.min(pages, 1000) } : {};
}

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/",
  beforeLoad: () => {
    throw redirect({ to: "/users" });
  },
});

export const usersRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/users",
  validateSearch: validatePages,
  component: lazyRouteComponent(() => import("./pages/UsersPage")),
});

export const userRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/users/$userId",
  component: lazyRouteComponent(() => import("./pages/UserPage")),
});

export const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/login",
  validateSearch: (search: Record<string, unknown>): { redirect?: string } =>
    typeof search.redirect === "string" ? { redirect: search.redirect } : {},
  component: lazyRouteComponent(() => import("./pages/LoginPage")),
});

const addUserRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/users/new",
  component: lazyRouteComponent(() => import("./pages/AddUserPage")),
});

const registerRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/register",
  component: lazyRouteComponent(() => import("./pages/RegisterPage")),
});

const aboutRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/about",
  component: lazyRouteComponent(() => import("./pages/AboutPage")),
});

const accountRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: "/account",
  component: lazyRouteComponent(() => import("./pages/AccountPage")),
});

const changePasswordRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: "/account/password",
  component: lazyRouteComponent(() => import("./pages/ChangePasswordPage")),
});

const deleteAccountRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: "/account/delete",
  component: lazyRouteComponent(() => import("./pages/DeleteAccountPage")),
});

const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/forgot-password",
  component: lazyRouteComponent(() => import("./pages/ForgotPasswordPage")),
});

/** Where the emailed reset link lands. */
const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/reset-password",
  validateSearch: (search: Record<string, unknown>): { token?: string } =>
    typeof search.token === "string" ? { token: search.token } : {},
  component: lazyRouteComponent(() => import("./pages/ResetPasswordPage")),
});

const adminUsersRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: "/admin/users",
  validateSearch: validatePages,
  component: lazyRouteComponent(() => import("./pages/AdminUsersPage")),
});

const routeTree = rootRoute.addChildren([
  indexRoute,
  usersRoute,
  addUserRoute,
  userRoute,
  loginRoute,
  registerRoute,
  aboutRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  authenticatedRoute.addChildren([
    accountRoute,
    changePasswordRoute,
    deleteAccountRoute,
    adminUsersRoute,
  ]),
]);

/** `history`: the browser's, or a memory history in component tests. */
export function makeRouter(queryClient: QueryClient, history = createBrowserHistory()) {
  return createRouter({
    routeTree,
    history,
    basepath: "/app",
    context: { queryClient },
    defaultPreload: "intent",
    scrollRestoration: true,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
