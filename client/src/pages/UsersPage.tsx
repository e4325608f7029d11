import { Group, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { UserPages } from "../components/UserPages";
import { UserTable } from "../components/UserTable";
import { useTranslation } from "../i18n";
import { useDocumentTitle } from "../lib/useDocumentTitle";

const route = getRouteApi("/users");

export default function UsersPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("users.title"));
  const pages = route.useSearch().pages ?? 1;
  const navigate = route.useNavigate();
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>{t("users.title")}</Title>
      </Group>
      <UserPages
        pages={pages}
        onLoadMore={() =>
          navigate({ search: { pages: pages + 1 }, replace: true, resetScroll: false })
        }
      >
        {(users) => <UserTable users={users} caption={t("users.title")} />}
      </UserPages>
    </>
  );
}
