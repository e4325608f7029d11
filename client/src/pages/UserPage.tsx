import { Card, Stack, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { userQuery } from "../api/queries";
import { Details } from "../components/Details";
import { AnchorLink } from "../components/links";
import { QueryState } from "../components/QueryState";
import { ActiveBadge } from "../components/UserTable";
import { useTranslation } from "../i18n";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useDateFormat } from "../lib/useLocale";
import { NotFound } from "./NotFound";

const route = getRouteApi("/users/$userId");

export default function UserPage() {
  const { userId } = route.useParams();
  // The API's ids are integers; anything else names no user and needs no request.
  const id = /^[0-9]{1,15}$/.test(userId) ? Number(userId) : null;
  return id === null ? <NotFound /> : <UserDetail id={id} />;
}

function UserDetail({ id }: { id: number }) {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const query = useQuery(userQuery(id));
  useDocumentTitle(t("users.detailTitle", { name: query.data?.username ?? id }));
  return (
    <Stack>
      <AnchorLink to="/users">{t("users.back")}</AnchorLink>
      <QueryState query={query}>
        {(user) => (
          <Card withBorder>
            <Title order={1} size="h2" mb="sm">
              {user.username}
            </Title>
            <Details
              items={[
                [t("fields.id"), user.id],
                [t("fields.email"), user.email],
                [t("fields.active"), <ActiveBadge key="active" active={user.active} />],
                [
                  t("fields.created"),
                  <time key="created" dateTime={user.created_at}>
                    {formatDate(user.created_at)}
                  </time>,
                ],
              ]}
            />
          </Card>
        )}
      </QueryState>
    </Stack>
  );
}
