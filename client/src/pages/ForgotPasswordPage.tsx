import { Alert, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { describeMessage } from "../api/messages";
import { FormPage, PageCard } from "../components/FormPage";
import { AnchorLink } from "../components/links";
import { useTranslation } from "../i18n";
import { showApiError } from "../lib/apiForm";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useForm } from "../lib/useForm";
import { validators } from "../lib/validation";

/** Asks for a reset link. The API answers the same for every address (it does not say
 * which ones have an account), and so does this screen. */
export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("auth.forgotTitle"));
  const check = validators(t);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: { email: "" }, validate: { email: check.email } });
  const request = useMutation({
    mutationFn: async (email: string) =>
      unwrap(await api.POST("/auth/password-reset", { body: { email } })),
    onError: (error) => setFormError(showApiError(t, form, error, { "Invalid payload.": "email" })),
  });
  const backToLogin = (
    <AnchorLink to="/login" size="sm">
      {t("auth.backToLogin")}
    </AnchorLink>
  );
  if (request.data) {
    return (
      <PageCard title={t("auth.forgotTitle")}>
        <Alert color="teal" role="status">
          <Text>{describeMessage(t, request.data.message)}</Text>
          <Text size="sm" mt="xs">
            {t("auth.linkValidity")}
          </Text>
        </Alert>
        {backToLogin}
      </PageCard>
    );
  }
  return (
    <FormPage
      title={t("auth.forgotTitle")}
      submitLabel={t("auth.sendLink")}
      submitting={request.isPending}
      formError={formError}
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        request.mutate(values.email.trim());
      })}
      footer={backToLogin}
    >
      <Text size="sm">{t("auth.forgotText")}</Text>
      <TextInput
        label={t("fields.email")}
        type="email"
        required
        autoComplete="email"
        {...form.getInputProps("email")}
      />
    </FormPage>
  );
}
