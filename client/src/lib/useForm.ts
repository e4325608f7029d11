// The little form state the screens need: values, per-field errors, checks on blur and on
// submit, server errors set beside a field. (@mantine/form does this and much more, for
// 8 KB gzipped that every form screen would load before it can show.)
import { type ChangeEvent, type FormEvent, useState } from "react";

type Values = Record<string, string | boolean>;
/** A field's check; `values` for the checks that compare fields (a repeated password). */
type Rules<V extends Values> = { [K in keyof V]?: (value: V[K], values: V) => string | null };
type KeysOf<V, T> = { [K in keyof V]: V[K] extends T ? K : never }[keyof V] & string;
type Errors<V extends Values> = Partial<Record<keyof V, string>>;

/** What `getInputProps` gives a text input. */
export interface InputProps {
  value: string;
  error: string | undefined;
  onBlur: () => void;
  onChange: (event: ChangeEvent<HTMLInputElement>) => void;
}
/** A form with text fields `F` at least: what a group of inputs shared by screens takes. */
export type FormWith<F extends string> = { getInputProps: (field: F) => InputProps };

export function useForm<V extends Values>({
  initialValues,
  validate = {},
}: {
  initialValues: V;
  validate?: Rules<V>;
}) {
  const [values, setValues] = useState(initialValues);
  const [errors, setErrors] = useState<Errors<V>>({});

  const check = <K extends keyof V>(field: K, value: V[K]): string | null =>
    validate[field]?.(value, values) ?? null;
  const setFieldError = (field: keyof V, message: string | null) =>
    setErrors((current) => ({ ...current, [field]: message ?? undefined }));

  const blurCheck = (field: keyof V) => ({
    error: errors[field],
    onBlur: () => setFieldError(field, check(field, values[field])),
  });

  /** Props for a Mantine text input: value, change (clears its error), blur (checks it). */
  const getInputProps = (field: KeysOf<V, string>): InputProps => ({
    ...blurCheck(field),
    value: values[field] as string,
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      const text = event.currentTarget.value;
      setValues((current) => ({ ...current, [field]: text }));
      setFieldError(field, null);
    },
  });

  /** Props for a checkbox or switch. */
  const getCheckboxProps = (field: KeysOf<V, boolean>) => ({
    ...blurCheck(field),
    checked: values[field] as boolean,
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      const checked = event.currentTarget.checked;
      setValues((current) => ({ ...current, [field]: checked }));
    },
  });

  /** Checks every field; calls `handler` only when all pass. */
  const onSubmit = (handler: (values: V) => void) => (event?: FormEvent<HTMLFormElement>) => {
    event?.preventDefault();
    const found: Errors<V> = {};
    for (const field of Object.keys(values) as (keyof V)[]) {
      const message = check(field, values[field]);
      if (message) found[field] = message;
    }
    setErrors(found);
    if (Object.keys(found).length === 0) handler(values);
  };

  return { values, errors, setFieldError, getInputProps, getCheckboxProps, onSubmit };
}
