import { PasswordInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { api, session, unwrap } from "../api/client";
import { FormPage } from "../components/FormPage";
import { AnchorLink } from "../components/links";
import { UserFields } from "../components/UserFields";
import { useTranslation } from "../i18n";
import { showApiError } from "../lib/apiForm";
import { notify } from "../lib/notify";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useForm } from "../lib/useForm";
import { validators } from "../lib/validation";

export default function RegisterPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("auth.registerTitle"));
  const check = validators(t);
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { username: "", email: "", password: "" },
    validate: { username: check.username, email: check.email, password: check.password },
  });
  const register = useMutation({
    mutationFn: async (body: typeof form.values) =>
      unwrap(await api.POST("/auth/register", { body })),
    onSuccess: async ({ auth_token }) => {
      session.signIn(auth_token);
      notify.success(t("auth.registered"));
      await navigate({ to: "/account" });
    },
    onError: (error) =>
      setFormError(
        showApiError(t, form, error, {
          "Sorry. That user already exists.": "email",
          "Password is too common.": "password",
        }),
      ),
  });
  return (
    <FormPage
      title={t("auth.registerTitle")}
      submitLabel={t("auth.register")}
      submitting={register.isPending}
      formError={formError}
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        register.mutate(values);
      })}
      footer={
        <AnchorLink to="/login" size="sm">
          {t("auth.haveAccount")} {t("nav.login")}
        </AnchorLink>
      }
    >
      <UserFields form={form} own />
      <PasswordInput
        label={t("fields.password")}
        description={t("validation.passwordLength")}
        required
        autoComplete="new-password"
        {...form.getInputProps("password")}
      />
    </FormPage>
  );
}
