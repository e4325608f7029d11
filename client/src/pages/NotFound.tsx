import { Stack, Text, Title } from "@mantine/core";
import { AnchorLink } from "../components/links";
import { useTranslation } from "../i18n";
import { useDocumentTitle } from "../lib/useDocumentTitle";

export function NotFound() {
  const { t } = useTranslation();
  useDocumentTitle(t("notFound.title"));
  return (
    <Stack>
      <Title order={1}>{t("notFound.title")}</Title>
      <Text>{t("notFound.text")}</Text>
      <AnchorLink to="/users">{t("notFound.home")}</AnchorLink>
    </Stack>
  );
}
