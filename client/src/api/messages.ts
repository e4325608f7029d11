// The contract's messages (exact, so a client may match them) and their catalogue keys: the
// API speaks English, the app shows the user's language. Failures first, then the
// self-service answers that the screens show as they are.
import type { TFunction } from "../i18n";
import { ApiError } from "./client";

const API_MESSAGES = {
  "Invalid payload.": "invalidPayload",
  "Sorry. That email already exists.": "emailTaken",
  "Sorry. That user already exists.": "userExists",
  "Invalid email or password.": "badLogin",
  "Account is inactive.": "inactive",
  "Password is too common.": "passwordTooCommon",
  "Too many requests. Try again later.": "tooManyRequests",
  "You do not have permission to do that.": "forbidden",
  "User does not exist": "userNotFound",
  "Provide a valid auth token.": "sessionEnded",
  "Signature expired. Please log in again.": "sessionExpired",
  "Invalid token. Please log in again.": "sessionInvalid",
  "Reset link is invalid or has expired.": "resetLinkInvalid",
  "Service temporarily unavailable.": "unavailable",
  "Password changed.": "passwordChanged",
  "Account deleted.": "accountDeleted",
  "If that address has an account, a reset link is on its way.": "resetRequested",
  "Password reset. Please log in.": "passwordReset",
} as const;

type ApiMessageKey = (typeof API_MESSAGES)[keyof typeof API_MESSAGES];

function catalogueKey(message: string): ApiMessageKey | undefined {
  return Object.hasOwn(API_MESSAGES, message)
    ? API_MESSAGES[message as keyof typeof API_MESSAGES]
    : undefined;
}

/** What to tell the user about a failed request, in their language. */
export function describeError(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    const key = catalogueKey(error.message);
    return key ? t(`api.${key}`) : t("app.error", { message: error.message });
  }
  if (error instanceof TypeError) return t("app.networkError");
  return t("app.error", { message: String(error) });
}

/** A success message of the API, in the user's language (as it came when it is not in the
 * contract). */
export function describeMessage(t: TFunction, message: string): string {
  const key = catalogueKey(message);
  return key ? t(`api.${key}`) : message;
}

/** Whether the API refused for this contract message (matched exactly, as the contract allows). */
export function isApiMessage(error: unknown, message: keyof typeof API_MESSAGES): boolean {
  return error instanceof ApiError && error.message === message;
}
