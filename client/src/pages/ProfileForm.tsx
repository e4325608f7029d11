import { PasswordInput, Stack } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { api, unwrap } from "../api/client";
import { queryKeys } from "../api/queries";
import type { components } from "../api/schema.gen";
import { CancelSave, FormError } from "../components/FormPage";
import { UserFields } from "../components/UserFields";
import { useTranslation } from "../i18n";
import { showApiError, wrongPasswordAt } from "../lib/apiForm";
import { notify } from "../lib/notify";
import { useForm } from "../lib/useForm";
import { validators } from "../lib/validation";

export type Account = components["schemas"]["AccountResponse"]["data"];
type ProfileUpdate = components["schemas"]["ProfileUpdate"];

/** Username and email; a new email asks for the current password (the API requires it). */
export default function ProfileForm({ account, onDone }: { account: Account; onDone: () => void }) {
  const { t } = useTranslation();
  const check = validators(t);
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  // The form replaces the button that opened it: the focus moves into it, not to the page.
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const form = useForm({
    initialValues: { username: account.username, email: account.email, currentPassword: "" },
    validate: {
      username: check.username,
      email: check.email,
      currentPassword: (value, values) =>
        values.email.trim() !== account.email && !value ? t("validation.required") : null,
    },
  });
  const emailChanged = form.values.email.trim() !== account.email;
  const save = useMutation({
    mutationFn: async (body: ProfileUpdate) =>
      unwrap(await api.PATCH("/auth/profile", { body })).data,
    onSuccess: async (saved) => {
      queryClient.setQueryData(queryKeys.me, saved);
      notify.success(t("account.saved"));
      onDone();
      // The username shows in the lists too.
      await queryClient.invalidateQueries({ queryKey: queryKeys.users });
    },
    onError: (error) =>
      setFormError(
        showApiError(t, form, error, {
          ...wrongPasswordAt(t, "currentPassword"),
          "Sorry. That email already exists.": "email",
        }),
      ),
  });
  const submit = form.onSubmit((values) => {
    // Only what changed: the API checks the password only for a new email.
    const change: ProfileUpdate = {};
    if (values.username.trim() !== account.username) change.username = values.username.trim();
    if (values.email.trim() !== account.email) {
      change.email = values.email.trim();
      change.current_password = values.currentPassword;
    }
    if (Object.keys(change).length === 0) return setFormError(t("account.nothingChanged"));
    setFormError(null);
    save.mutate(change);
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <UserFields form={form} own usernameRef={first} />
        {emailChanged && (
          <PasswordInput
            label={t("fields.currentPassword")}
            description={t("account.emailNeedsPassword")}
            required
            autoComplete="current-password"
            {...form.getInputProps("currentPassword")}
          />
        )}
        <CancelSave
          onCancel={onDone}
          saving={save.isPending}
          cancelLabel={t("account.cancel")}
          saveLabel={t("account.save")}
        />
      </Stack>
    </form>
  );
}
