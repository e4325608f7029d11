import { Group, PasswordInput, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { api, session, unwrap } from "../api/client";
import { describeError } from "../api/messages";
import { FormPage } from "../components/FormPage";
import { AnchorLink } from "../components/links";
import { useTranslation } from "../i18n";
import { notify } from "../lib/notify";
import { safeRedirect } from "../lib/redirect";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useForm } from "../lib/useForm";
import { validators } from "../lib/validation";

const route = getRouteApi("/login");

export default function LoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("auth.loginTitle"));
  const check = validators(t);
  const { redirect } = route.useSearch();
  const navigate = route.useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: "", password: "" },
    validate: { email: check.email, password: check.required },
  });
  const logIn = useMutation({
    mutationFn: async (body: typeof form.values) => unwrap(await api.POST("/auth/login", { body })),
    onSuccess: async ({ auth_token }) => {
      session.signIn(auth_token);
      notify.success(t("auth.loggedIn", { name: form.values.email }));
      await navigate({ to: safeRedirect(redirect) });
    },
    // Wrong email and wrong password are one answer on purpose: it belongs to the form.
    onError: (error) => setFormError(describeError(t, error)),
  });
  return (
    <FormPage
      title={t("auth.loginTitle")}
      submitLabel={t("auth.login")}
      submitting={logIn.isPending}
      formError={formError ?? (redirect ? t("auth.sessionEnded") : null)}
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        logIn.mutate(values);
      })}
      footer={
        <Group justify="space-between">
          <AnchorLink to="/register" size="sm">
            {t("auth.noAccount")} {t("nav.register")}
          </AnchorLink>
          <AnchorLink to="/forgot-password" size="sm">
            {t("auth.forgotLink")}
          </AnchorLink>
        </Group>
      }
    >
      <TextInput
        label={t("fields.email")}
        type="email"
        required
        autoComplete="username"
        {...form.getInputProps("email")}
      />
      <PasswordInput
        label={t("fields.password")}
        required
        autoComplete="current-password"
        {...form.getInputProps("password")}
      />
    </FormPage>
  );
}
