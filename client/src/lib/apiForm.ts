import { ApiError } from "../api/client";
import { describeError } from "../api/messages";
import type { TFunction } from "../i18n";

interface ErrorTarget<Field extends string> {
  setFieldError: (field: Field, message: string) => void;
}

/** Shows an API failure beside the field it is about (`fields` maps contract messages to
 * fields); returns the message for the form as a whole otherwise. */
export function showApiError<Field extends string>(
  t: TFunction,
  form: ErrorTarget<Field>,
  error: unknown,
  fields: Partial<Record<string, Field>>,
): string | null {
  const field = error instanceof ApiError ? fields[error.message] : undefined;
  if (field === undefined) return describeError(t, error);
  form.setFieldError(field, describeError(t, error));
  return null;
}
