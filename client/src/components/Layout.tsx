import { Burger, Button, Collapse, Container, Group, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Outlet, useNavigate } from "@tanstack/react-router";
import { session } from "../api/client";
import { useMe, useSessionStatus } from "../api/queries";
import { useTranslation } from "../i18n";
import { notify } from "../lib/notify";
import { AnchorLink, ButtonLink } from "./links";
import { Preferences } from "./Preferences";

export function Layout() {
  const { t } = useTranslation();
  const [menuOpen, menu] = useDisclosure(false);
  return (
    <>
      <a className="skip-link" href="#content">
        {t("app.skipToContent")}
      </a>
      <header className="app-header">
        <Container size="lg" py="sm">
          <Group justify="space-between" wrap="nowrap">
            <AnchorLink to="/users" fw={700} size="lg" underline="never">
              {t("app.name")}
            </AnchorLink>
            <Group
              component="nav"
              aria-label={t("nav.main")}
              visibleFrom="sm"
              gap="md"
              wrap="nowrap"
            >
              <NavLinks />
            </Group>
            <Group gap="xs" wrap="nowrap">
              <Group visibleFrom="sm" gap="xs" wrap="nowrap">
                <Preferences />
                <SessionControls />
              </Group>
              <Burger
                hiddenFrom="sm"
                opened={menuOpen}
                onClick={menu.toggle}
                aria-label={t("nav.menu")}
                aria-expanded={menuOpen}
                aria-controls="mobile-menu"
              />
            </Group>
          </Group>
          <Collapse expanded={menuOpen} hiddenFrom="sm" id="mobile-menu">
            <nav aria-label={t("nav.main")}>
              {/* Choosing a link closes the menu: the phone shows the screen, not the menu. */}
              <Group gap="sm" py="sm" onClick={menu.close}>
                <NavLinks />
              </Group>
            </nav>
            <Group gap="xs" pb="sm">
              <Preferences />
              <SessionControls />
            </Group>
          </Collapse>
        </Container>
      </header>
      <Container size="lg" py="lg" component="main" id="content" tabIndex={-1}>
        <Outlet />
      </Container>
    </>
  );
}

function NavLinks() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  return (
    <>
      <AnchorLink to="/users" className="nav-link" activeOptions={{ exact: true }}>
        {t("nav.users")}
      </AnchorLink>
      <AnchorLink to="/users/new" className="nav-link">
        {t("nav.addUser")}
      </AnchorLink>
      {me?.admin && (
        <AnchorLink to="/admin/users" className="nav-link">
          {t("nav.admin")}
        </AnchorLink>
      )}
      <AnchorLink to="/about" className="nav-link">
        {t("nav.about")}
      </AnchorLink>
    </>
  );
}

function SessionControls() {
  const { t } = useTranslation();
  const status = useSessionStatus();
  const { data: me } = useMe();
  const navigate = useNavigate();
  if (status === "restoring") return null;
  if (status === "anonymous") {
    return (
      <>
        <ButtonLink to="/login" variant="subtle" size="compact-md">
          {t("nav.login")}
        </ButtonLink>
        <ButtonLink to="/register" size="compact-md">
          {t("nav.register")}
        </ButtonLink>
      </>
    );
  }
  const logOut = async () => {
    await session.logOut().catch(() => undefined); // logged out here whatever the API said
    notify.success(t("auth.loggedOut"));
    await navigate({ to: "/users" });
  };
  return (
    <>
      <AnchorLink to="/account" className="nav-link">
        {me ? (
          <Text span inherit>
            {me.username}
          </Text>
        ) : (
          t("nav.account")
        )}
      </AnchorLink>
      <Button variant="default" size="compact-md" onClick={logOut}>
        {t("nav.logout")}
      </Button>
    </>
  );
}
