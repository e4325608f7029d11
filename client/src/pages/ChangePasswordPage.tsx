import { PasswordInput, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { api, session, unwrap } from "../api/client";
import { describeMessage } from "../api/messages";
import { FormPage } from "../components/FormPage";
import { AnchorLink } from "../components/links";
import { NewPasswordFields } from "../components/NewPasswordFields";
import { useTranslation } from "../i18n";
import { showApiError, wrongPasswordAt } from "../lib/apiForm";
import { notify } from "../lib/notify";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useForm } from "../lib/useForm";
import { validators } from "../lib/validation";

/** The current password and a new one (twice). The API answers with a new token pair and
 * ends every other session of the user: this one goes on with the new access token (the new
 * refresh token came as the cookie). */
export default function ChangePasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("account.changePassword"));
  const check = validators(t);
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { currentPassword: "", newPassword: "", repeatPassword: "" },
    validate: {
      currentPassword: check.required,
      newPassword: check.password,
      repeatPassword: (value, values) => check.repeated(value, values.newPassword),
    },
  });
  const change = useMutation({
    mutationFn: async (values: typeof form.values) =>
      unwrap(
        await api.POST("/auth/password", {
          body: { current_password: values.currentPassword, new_password: values.newPassword },
        }),
      ),
    onSuccess: async ({ auth_token, message }) => {
      session.renew(auth_token);
      notify.success(describeMessage(t, message));
      await navigate({ to: "/account" });
    },
    onError: (error) =>
      setFormError(
        showApiError(t, form, error, {
          ...wrongPasswordAt(t, "currentPassword"),
          "Password is too common.": "newPassword",
        }),
      ),
  });
  return (
    <FormPage
      title={t("account.changePassword")}
      submitLabel={t("account.changePassword")}
      submitting={change.isPending}
      formError={formError}
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        change.mutate(values);
      })}
      footer={
        <AnchorLink to="/account" size="sm">
          {t("account.back")}
        </AnchorLink>
      }
    >
      <Text size="sm">{t("account.changePasswordText")}</Text>
      <PasswordInput
        label={t("fields.currentPassword")}
        required
        autoComplete="current-password"
        {...form.getInputProps("currentPassword")}
      />
      <NewPasswordFields form={form} />
    </FormPage>
  );
}
