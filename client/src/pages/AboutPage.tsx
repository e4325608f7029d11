import { Card, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Details } from "../components/Details";
import { QueryState } from "../components/QueryState";
import { useTranslation } from "../i18n";
import { useDocumentTitle } from "../lib/useDocumentTitle";

/** The running service's own spec says what it is: read at run time, not copied at build. */
async function fetchServiceInfo(): Promise<{ title: string; version: string }> {
  const response = await fetch("/openapi.json");
  if (!response.ok) throw new Error(response.statusText);
  const spec: { info: { title: string; version: string } } = await response.json();
  return spec.info;
}

export default function AboutPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("about.title"));
  const info = useQuery({
    queryKey: ["openapi-info"],
    queryFn: fetchServiceInfo,
    staleTime: Infinity,
  });
  return (
    <Stack>
      <Title order={1}>{t("about.title")}</Title>
      <Text>{t("about.text")}</Text>
      <QueryState query={info}>
        {(service) => (
          <Card withBorder>
            <Details
              items={[
                [t("about.service"), service.title],
                [t("about.version"), service.version],
                [t("about.client"), __CLIENT_VERSION__],
              ]}
            />
          </Card>
        )}
      </QueryState>
    </Stack>
  );
}
