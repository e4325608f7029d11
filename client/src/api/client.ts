// The one typed API client of the app. Request and response types come from
// schema.gen.ts (generated from the service's OpenAPI spec), never written by hand.
import createClient from "openapi-fetch";
import type { paths } from "./schema.gen";
import { Session } from "./session";

export const session = new Session({
  baseUrl: window.location.origin,
  channel: typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel("users-session"),
  locks: typeof navigator.locks === "undefined" ? null : navigator.locks,
  hint: localStorage,
});

export const api = createClient<paths>({ baseUrl: window.location.origin, fetch: session.fetch });

/** A failure the API answered with its `{"status": "fail", "message"}` envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Unwraps an openapi-fetch result: the success body, or an ApiError to throw, so TanStack
 * Query sees failures as errors. */
export function unwrap<Data>(result: {
  data?: Data;
  error?: { message: string } | unknown;
  response: Response;
}): Data {
  if (result.data !== undefined) return result.data;
  const message =
    typeof result.error === "object" && result.error !== null && "message" in result.error
      ? String(result.error.message)
      : result.response.statusText;
  throw new ApiError(result.response.status, message);
}
