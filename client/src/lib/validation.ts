import type { TFunction } from "../i18n";

// The API's own limits (services/users/users/schemas.py), checked as the user types so most
// mistakes never make a round trip; the API checks again and its answer is shown too.
const USERNAME_MAX = 128;
const EMAIL_MAX = 128;
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 128;
// Deliberately loose: the API (email-validator) is the judge; this catches typos only.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type Validator = (value: string) => string | null;

export function validators(t: TFunction) {
  const username: Validator = (value) => {
    const trimmed = value.trim();
    if (!trimmed) return t("validation.required");
    return trimmed.length > USERNAME_MAX ? t("validation.tooLong", { max: USERNAME_MAX }) : null;
  };
  const email: Validator = (value) => {
    const trimmed = value.trim();
    if (!trimmed) return t("validation.required");
    if (trimmed.length > EMAIL_MAX) return t("validation.tooLong", { max: EMAIL_MAX });
    return EMAIL_SHAPE.test(trimmed) ? null : t("validation.email");
  };
  const password: Validator = (value) =>
    value.length < PASSWORD_MIN || value.length > PASSWORD_MAX
      ? t("validation.passwordLength")
      : null;
  const required: Validator = (value) => (value ? null : t("validation.required"));
  /** A password field that may stay empty (meaning "unchanged"). */
  const optionalPassword: Validator = (value) => (value ? password(value) : null);
  /** The new password typed a second time. */
  const repeated = (value: string, original: string): string | null =>
    value === original ? null : t("validation.passwordsDiffer");
  return { username, email, password, required, optionalPassword, repeated };
}
