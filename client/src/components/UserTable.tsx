import { Badge } from "@mantine/core";
import type { ReactNode } from "react";
import type { components } from "../api/schema.gen";
import { useTranslation } from "../i18n";
import { useDateFormat } from "../lib/useLocale";
import { AnchorLink } from "./links";

export type User = components["schemas"]["UserListResponse.UserOut"];

interface UserTableProps {
  users: readonly User[];
  caption: string;
  /** An extra last column (the admin's actions). */
  actions?: { header: string; cell: (user: User) => ReactNode };
}

/** The users as a table; on a phone it scrolls sideways instead of squeezing. */
export function UserTable({ users, caption, actions }: UserTableProps) {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("fields.username")}</th>
            <th scope="col">{t("fields.email")}</th>
            <th scope="col">{t("fields.active")}</th>
            <th scope="col">{t("fields.created")}</th>
            {actions && <th scope="col">{actions.header}</th>}
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>
                <AnchorLink to="/users/$userId" params={{ userId: String(user.id) }}>
                  {user.username}
                </AnchorLink>
              </td>
              <td>{user.email}</td>
              <td>
                <ActiveBadge active={user.active} />
              </td>
              <td>
                <time dateTime={user.created_at}>{formatDate(user.created_at)}</time>
              </td>
              {actions && <td>{actions.cell(user)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    // Dark shades under white text: 4.5:1 or better in both colour schemes.
    <Badge color={active ? "teal.9" : "gray.7"} variant="filled">
      {active ? t("users.active") : t("users.inactive")}
    </Badge>
  );
}
