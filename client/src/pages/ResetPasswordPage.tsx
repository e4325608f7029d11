import { useMutation } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { describeMessage, isApiMessage } from "../api/messages";
import { FormError, FormPage, PageCard } from "../components/FormPage";
import { AnchorLink, ButtonLink } from "../components/links";
import { NewPasswordFields } from "../components/NewPasswordFields";
import { useTranslation } from "../i18n";
import { showApiError } from "../lib/apiForm";
import { notify } from "../lib/notify";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useForm } from "../lib/useForm";
import { validators } from "../lib/validation";

// The emailed link lands here: /app/reset-password?token=...
const route = getRouteApi("/reset-password");

export default function ResetPasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("auth.resetTitle"));
  const check = validators(t);
  const { token } = route.useSearch();
  const navigate = route.useNavigate();
  // A link without a token is as good as an expired one.
  const [linkDead, setLinkDead] = useState(!token);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { newPassword: "", repeatPassword: "" },
    validate: {
      newPassword: check.password,
      repeatPassword: (value, values) => check.repeated(value, values.newPassword),
    },
  });
  const reset = useMutation({
    mutationFn: async (newPassword: string) =>
      unwrap(
        await api.POST("/auth/password-reset/confirm", {
          body: { token: token ?? "", new_password: newPassword },
        }),
      ),
    onSuccess: async ({ message }) => {
      notify.success(describeMessage(t, message));
      await navigate({ to: "/login", search: {} });
    },
    onError: (error) => {
      if (isApiMessage(error, "Reset link is invalid or has expired.")) return setLinkDead(true);
      setFormError(showApiError(t, form, error, { "Password is too common.": "newPassword" }));
    },
  });
  const backToLogin = (
    <AnchorLink to="/login" size="sm">
      {t("auth.backToLogin")}
    </AnchorLink>
  );
  if (linkDead) {
    return (
      <PageCard title={t("auth.resetTitle")}>
        <FormError message={t("api.resetLinkInvalid")} />
        <ButtonLink to="/forgot-password" variant="default">
          {t("auth.requestNewLink")}
        </ButtonLink>
        {backToLogin}
      </PageCard>
    );
  }
  return (
    <FormPage
      title={t("auth.resetTitle")}
      submitLabel={t("auth.resetSubmit")}
      submitting={reset.isPending}
      formError={formError}
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        reset.mutate(values.newPassword);
      })}
      footer={backToLogin}
    >
      <NewPasswordFields form={form} />
    </FormPage>
  );
}
