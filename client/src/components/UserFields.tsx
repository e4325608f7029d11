import { TextInput } from "@mantine/core";
import type { Ref } from "react";
import { useTranslation } from "../i18n";
import type { FormWith } from "../lib/useForm";

/**
 * A username and an email: the fields of registering, the profile, and an admin's add and edit
 * screens. `own` says whose account it is: the browser may fill in the user's own details, but
 * never an admin's into someone else's.
 */
export function UserFields({
  form,
  own,
  usernameRef,
}: {
  form: FormWith<"username" | "email">;
  own: boolean;
  usernameRef?: Ref<HTMLInputElement>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput
        ref={usernameRef}
        label={t("fields.username")}
        required
        autoComplete={own ? "nickname" : "off"}
        {...form.getInputProps("username")}
      />
      <TextInput
        label={t("fields.email")}
        type="email"
        required
        autoComplete={own ? "email" : "off"}
        {...form.getInputProps("email")}
      />
    </>
  );
}
