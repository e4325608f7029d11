import { Badge, Button, Card, Group, Stack, Title } from "@mantine/core";
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { useMe } from "../api/queries";
import { Details } from "../components/Details";
import { ButtonLink } from "../components/links";
import { Loading, QueryState } from "../components/QueryState";
import { useTranslation } from "../i18n";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useDateFormat } from "../lib/useLocale";
import type { Account } from "./ProfileForm";

// The form (text and password inputs) loads with the first "Edit profile": the profile
// alone keeps this screen well within the initial-JavaScript budget.
const ProfileForm = lazy(() => import("./ProfileForm"));

export default function AccountPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("account.title"));
  const me = useMe();
  // "idle", "editing", or "edited" (back from the form: the focus returns to its button).
  const [mode, setMode] = useState<"idle" | "editing" | "edited">("idle");
  return (
    <Stack>
      <Title order={1}>{t("account.title")}</Title>
      <QueryState query={me}>
        {(account) => (
          <>
            <Card withBorder>
              <Title order={2} size="h3" mb="sm">
                {t("account.profile")}
              </Title>
              {mode === "editing" ? (
                <Suspense fallback={<Loading />}>
                  <ProfileForm account={account} onDone={() => setMode("edited")} />
                </Suspense>
              ) : (
                <Profile
                  account={account}
                  focusEdit={mode === "edited"}
                  onEdit={() => setMode("editing")}
                />
              )}
            </Card>
            <Card withBorder>
              <Title order={2} size="h3" mb="sm">
                {t("account.security")}
              </Title>
              <Group gap="sm">
                <ButtonLink to="/account/password" variant="default">
                  {t("account.changePassword")}
                </ButtonLink>
                <ButtonLink to="/account/delete" variant="outline" color="red">
                  {t("account.deleteAccount")}
                </ButtonLink>
              </Group>
            </Card>
          </>
        )}
      </QueryState>
    </Stack>
  );
}

function Profile({
  account,
  focusEdit,
  onEdit,
}: {
  account: Account;
  focusEdit: boolean;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const edit = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusEdit) edit.current?.focus();
  }, [focusEdit]);
  return (
    <Stack gap="sm">
      <Details
        items={[
          [t("fields.username"), account.username],
          [t("fields.email"), account.email],
          [
            t("account.role"),
            <Badge key="role" variant="light">
              {account.admin ? t("account.roleAdmin") : t("account.roleUser")}
            </Badge>,
          ],
          [
            t("fields.created"),
            <time key="created" dateTime={account.created_at}>
              {formatDate(account.created_at)}
            </time>,
          ],
        ]}
      />
      <Group>
        <Button ref={edit} variant="default" onClick={onEdit}>
          {t("account.edit")}
        </Button>
      </Group>
    </Stack>
  );
}
