import { Alert, Button, Stack, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { lazy, Suspense, useState } from "react";
import { useMe } from "../api/queries";
import { QueryState } from "../components/QueryState";
import { UserPages } from "../components/UserPages";
import { type User, UserTable } from "../components/UserTable";
import { useTranslation } from "../i18n";
import { useDocumentTitle } from "../lib/useDocumentTitle";

// The dialog (Mantine's Modal, inputs, focus trap) loads with the first "Manage": the table
// alone keeps this screen within the initial-JavaScript budget.
const ManageUserDialog = lazy(() => import("./ManageUserDialog"));
// The admin table shares the list's paging and its position in the URL.
const route = getRouteApi("/_authenticated/admin/users");

export default function AdminUsersPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("admin.title"));
  const me = useMe();
  return (
    <Stack>
      <Title order={1}>{t("admin.title")}</Title>
      <QueryState query={me}>
        {(account) =>
          account.admin ? <AdminTable /> : <Alert color="yellow">{t("admin.notAdmin")}</Alert>
        }
      </QueryState>
    </Stack>
  );
}

function AdminTable() {
  const { t } = useTranslation();
  const pages = route.useSearch().pages ?? 1;
  const navigate = route.useNavigate();
  const [managing, setManaging] = useState<User | null>(null);
  return (
    <>
      <UserPages
        pages={pages}
        onLoadMore={() =>
          navigate({ search: { pages: pages + 1 }, replace: true, resetScroll: false })
        }
      >
        {(users) => (
          <UserTable
            users={users}
            caption={t("admin.title")}
            actions={{
              header: t("admin.manage"),
              cell: (user) => (
                <Button
                  variant="default"
                  size="compact-sm"
                  aria-label={t("admin.actions", { name: user.username })}
                  onClick={() => setManaging(user)}
                >
                  {t("admin.manage")}
                </Button>
              ),
            }}
          />
        )}
      </UserPages>
      {managing && (
        <Suspense fallback={null}>
          <ManageUserDialog user={managing} onClose={() => setManaging(null)} />
        </Suspense>
      )}
    </>
  );
}
