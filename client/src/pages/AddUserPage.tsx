import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { queryKeys } from "../api/queries";
import { FormPage } from "../components/FormPage";
import { UserFields } from "../components/UserFields";
import { useTranslation } from "../i18n";
import { showApiError } from "../lib/apiForm";
import { notify } from "../lib/notify";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useForm } from "../lib/useForm";
import { validators } from "../lib/validation";

export default function AddUserPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("users.addTitle"));
  const check = validators(t);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { username: "", email: "" },
    validate: { username: check.username, email: check.email },
  });
  const addUser = useMutation({
    mutationFn: async (body: typeof form.values) => unwrap(await api.POST("/users", { body })).data,
    onSuccess: async (user) => {
      notify.success(t("users.added", { email: user.email }));
      await queryClient.invalidateQueries({ queryKey: queryKeys.users });
      await navigate({ to: "/users/$userId", params: { userId: String(user.id) } });
    },
    onError: (error) =>
      setFormError(showApiError(t, form, error, { "Sorry. That email already exists.": "email" })),
  });
  return (
    <FormPage
      title={t("users.addTitle")}
      submitLabel={t("users.add")}
      submitting={addUser.isPending}
      formError={formError}
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        addUser.mutate(values);
      })}
    >
      <UserFields form={form} own={false} />
    </FormPage>
  );
}
