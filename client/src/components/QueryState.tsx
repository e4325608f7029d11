import { Alert, Button, Group, Loader, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { describeError } from "../api/messages";
import { useTranslation } from "../i18n";

interface QueryStateProps<Data> {
  query: { data: Data | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  children: (data: Data) => ReactNode;
}

/** Loading, failure (with a retry) and success of one query, the same on every screen. */
export function QueryState<Data>({ query, children }: QueryStateProps<Data>) {
  const { t } = useTranslation();
  if (query.data !== undefined) return children(query.data);
  if (query.isPending && !query.error) return <Loading />;
  return (
    <Alert color="red" role="alert">
      <Group justify="space-between">
        <Text>{describeError(t, query.error)}</Text>
        <Button variant="white" color="red" size="compact-sm" onClick={() => query.refetch()}>
          {t("app.retry")}
        </Button>
      </Group>
    </Alert>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <Group role="status" gap="xs">
      <Loader size="sm" />
      <Text>{t("app.loading")}</Text>
    </Group>
  );
}
