/** Where to go after logging in: only a path inside this app, never another site (a crafted
 * `?redirect=//evil.example` must not become an open redirect). */
export function safeRedirect(target: string | undefined): string {
  if (!target?.startsWith("/") || target.startsWith("//") || target.includes("\\")) {
    return "/users";
  }
  return target;
}
