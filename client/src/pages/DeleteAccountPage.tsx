import { Button, Group, PasswordInput, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useEffect, useRef, useState } from "react";
import { api, session, unwrap } from "../api/client";
import { describeMessage } from "../api/messages";
import { useMe } from "../api/queries";
import { FormError, PageCard } from "../components/FormPage";
import { AnchorLink } from "../components/links";
import { useTranslation } from "../i18n";
import { showApiError, wrongPasswordAt } from "../lib/apiForm";
import { notify } from "../lib/notify";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useForm } from "../lib/useForm";
import { validators } from "../lib/validation";

/** Deleting one's own account: the password, then a confirmation. Afterwards the session
 * is over in every tab (the API has already killed its tokens). */
export default function DeleteAccountPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("account.deleteAccount"));
  const check = validators(t);
  const navigate = useNavigate();
  const { data: me } = useMe();
  const [confirming, setConfirming] = useState(false);
  // Back from the question (cancelled, or a wrong password): the focus returns to the field.
  const passwordInput = useRef<HTMLInputElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (confirming) asked.current = true;
    else if (asked.current) passwordInput.current?.focus();
  }, [confirming]);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { password: "" },
    validate: { password: check.required },
  });
  const remove = useMutation({
    mutationFn: async (password: string) =>
      unwrap(await api.DELETE("/auth/account", { body: { password } })),
    onSuccess: async ({ message }) => {
      notify.success(describeMessage(t, message));
      // Off this screen first: ending the session here would send it to the login screen.
      await navigate({ to: "/users" });
      session.end();
    },
    onError: (error) => {
      setConfirming(false);
      setFormError(showApiError(t, form, error, wrongPasswordAt(t, "password")));
    },
  });
  return (
    <PageCard title={t("account.deleteAccount")}>
      <FormError message={formError} />
      {confirming ? (
        <Confirm
          question={t("account.deleteConfirm", { email: me?.email ?? "" })}
          busy={remove.isPending}
          onYes={() => remove.mutate(form.values.password)}
          onNo={() => setConfirming(false)}
        />
      ) : (
        <form
          onSubmit={form.onSubmit(() => {
            setFormError(null);
            setConfirming(true);
          })}
          noValidate
        >
          <Stack>
            <Text>{t("account.deleteText")}</Text>
            <PasswordInput
              ref={passwordInput}
              label={t("fields.password")}
              required
              autoComplete="current-password"
              {...form.getInputProps("password")}
            />
            <Button type="submit" color="red">
              {t("account.deleteContinue")}
            </Button>
          </Stack>
        </form>
      )}
      <AnchorLink to="/account" size="sm">
        {t("account.back")}
      </AnchorLink>
    </PageCard>
  );
}

/** The last question, focused when it appears so a screen reader reads it. */
function Confirm({
  question,
  busy,
  onYes,
  onNo,
}: {
  question: string;
  busy: boolean;
  onYes: () => void;
  onNo: () => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Stack>
      <Text ref={ref} tabIndex={-1} fw={600}>
        {question}
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onNo}>
          {t("confirm.no")}
        </Button>
        <Button color="red" loading={busy} onClick={onYes}>
          {t("confirm.yes")}
        </Button>
      </Group>
    </Stack>
  );
}
