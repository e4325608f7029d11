import { PasswordInput } from "@mantine/core";
import { useTranslation } from "../i18n";
import type { FormWith } from "../lib/useForm";

/** A new password and the same again: the fields the change and the reset screens share. */
export function NewPasswordFields({ form }: { form: FormWith<"newPassword" | "repeatPassword"> }) {
  const { t } = useTranslation();
  return (
    <>
      <PasswordInput
        label={t("fields.newPassword")}
        description={t("validation.passwordLength")}
        required
        autoComplete="new-password"
        {...form.getInputProps("newPassword")}
      />
      <PasswordInput
        label={t("fields.repeatPassword")}
        required
        autoComplete="new-password"
        {...form.getInputProps("repeatPassword")}
      />
    </>
  );
}
