import { ApiError } from "../api/client";
import { describeError } from "../api/messages";
import type { TFunction } from "../i18n";

interface ErrorTarget<Field extends string> {
  setFieldError: (field: Field, message: string) => void;
}

/** A field, and what to say there instead of the API's own message. */
export interface FieldMessage<Field extends string> {
  field: Field;
  message: string;
}

/** For `showApiError`: the API's answer to a wrong password, beside the password field. */
export function wrongPasswordAt<Field extends string>(
  t: TFunction,
  field: Field,
): Record<string, FieldMessage<Field>> {
  return { "Invalid email or password.": { field, message: t("account.wrongPassword") } };
}

/** Shows an API failure beside the field it is about (`fields` maps contract messages to
 * fields, or to a field and the message to show there); returns the message for the form as
 * a whole otherwise. */
export function showApiError<Field extends string>(
  t: TFunction,
  form: ErrorTarget<Field>,
  error: unknown,
  fields: Partial<Record<string, Field | FieldMessage<Field>>>,
): string | null {
  const target = error instanceof ApiError ? fields[error.message] : undefined;
  if (target === undefined) return describeError(t, error);
  if (typeof target === "string") form.setFieldError(target, describeError(t, error));
  else form.setFieldError(target.field, target.message);
  return null;
}
