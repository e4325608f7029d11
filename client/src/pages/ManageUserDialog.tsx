import { Button, Divider, Group, PasswordInput, Stack, Switch, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { describeError } from "../api/messages";
import { queryKeys } from "../api/queries";
import type { components } from "../api/schema.gen";
import { Dialog } from "../components/Dialog";
import { CancelSave, FormError } from "../components/FormPage";
import { UserFields } from "../components/UserFields";
import type { User } from "../components/UserTable";
import { useTranslation } from "../i18n";
import { showApiError } from "../lib/apiForm";
import { notify } from "../lib/notify";
import { useForm } from "../lib/useForm";
import { validators } from "../lib/validation";

type UserUpdate = components["schemas"]["UserUpdate"];

/** Everything an admin does to one user: edit (username, email, password, active),
 * activate or deactivate, make or remove admin, delete after a confirmation. */
export default function ManageUserDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const { update, remove } = useAdminMutations(user, onClose);
  return (
    <Dialog opened onClose={onClose} title={t("admin.editTitle", { name: user.username })}>
      {confirmingDelete ? (
        <Stack>
          <Text>{t("admin.deleteConfirm", { email: user.email })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmingDelete(false)}>
              {t("confirm.no")}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t("confirm.yes")}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <EditForm user={user} save={update} onCancel={onClose} />
          <Divider />
          <Group gap="xs">
            <Button variant="default" onClick={() => update.mutate({ active: !user.active })}>
              {user.active ? t("admin.deactivate") : t("admin.activate")}
            </Button>
            {/* The list does not say who is an admin, so both are offered; each is idempotent. */}
            <Button variant="default" onClick={() => update.mutate({ admin: true })}>
              {t("admin.promote")}
            </Button>
            <Button variant="default" onClick={() => update.mutate({ admin: false })}>
              {t("admin.demote")}
            </Button>
            <Button color="red" variant="outline" onClick={() => setConfirmingDelete(true)}>
              {t("admin.delete")}
            </Button>
          </Group>
        </Stack>
      )}
    </Dialog>
  );
}

function useAdminMutations(user: User, onDone: () => void) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const path = { params: { path: { user_id: user.id } } };
  const done = async (message: string) => {
    notify.success(message);
    await queryClient.invalidateQueries({ queryKey: queryKeys.users });
    onDone();
  };
  const update = useMutation({
    mutationFn: async (change: UserUpdate) =>
      unwrap(await api.PATCH("/users/{user_id}", { ...path, body: change })).data,
    onSuccess: (saved) => done(t("admin.saved", { email: saved.email })),
    onError: (error) => notify.failure(describeError(t, error)),
  });
  const remove = useMutation({
    mutationFn: async () => unwrap(await api.DELETE("/users/{user_id}", path)),
    onSuccess: () => done(t("admin.deleted", { email: user.email })),
    onError: (error) => notify.failure(describeError(t, error)),
  });
  return { update, remove };
}

type Save = ReturnType<typeof useAdminMutations>["update"];

function EditForm({ user, save, onCancel }: { user: User; save: Save; onCancel: () => void }) {
  const { t } = useTranslation();
  const check = validators(t);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      username: user.username,
      email: user.email,
      password: "",
      active: user.active,
    },
    validate: { username: check.username, email: check.email, password: check.optionalPassword },
  });
  const submit = form.onSubmit((values) => {
    // Only what changed: the API treats every given field as a change (a password ends sessions).
    const change: UserUpdate = {};
    if (values.username.trim() !== user.username) change.username = values.username;
    if (values.email.trim() !== user.email) change.email = values.email;
    if (values.password) change.password = values.password;
    if (values.active !== user.active) change.active = values.active;
    if (Object.keys(change).length === 0) return setFormError(t("admin.nothingChanged"));
    setFormError(null);
    save.mutate(change, {
      onError: (error) =>
        setFormError(
          showApiError(t, form, error, { "Sorry. That email already exists.": "email" }),
        ),
    });
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError message={formError} />
        <UserFields form={form} own={false} />
        <PasswordInput
          label={t("fields.password")}
          description={t("admin.passwordHint")}
          autoComplete="new-password"
          {...form.getInputProps("password")}
        />
        <Switch label={t("fields.active")} {...form.getCheckboxProps("active")} />
        <CancelSave
          onCancel={onCancel}
          saving={save.isPending}
          cancelLabel={t("admin.cancel")}
          saveLabel={t("admin.save")}
        />
      </Stack>
    </form>
  );
}
