"""Login sessions in the database; user ids never reused.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27

Tokens are bound to a row of `login_sessions` (random id, ON DELETE CASCADE from `users`),
which replaces the per-user token version and the `revoked_tokens` table. On SQLite the users
table becomes AUTOINCREMENT, so a deleted user's id is never handed out again (MariaDB and
PostgreSQL never reuse sequence values). Existing tokens stop working: everyone logs in again.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

USER_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _users_batch(autoincrement):
    """SQLite can only change AUTOINCREMENT by rebuilding the table; elsewhere, plain ALTERs."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    return op.batch_alter_table(
        "users",
        recreate="always" if sqlite else "auto",
        table_kwargs={"sqlite_autoincrement": autoincrement},
    )


def upgrade():
    with _users_batch(autoincrement=True) as batch_op:
        batch_op.drop_column("token_version")
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("user_id", USER_ID, nullable=False),
        sa.Column("refresh_jti", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_login_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_sessions")),
        mysql_charset="utf8mb4",
    )
    op.create_index(op.f("ix_login_sessions_user_id"), "login_sessions", ["user_id"])
    op.create_index(op.f("ix_login_sessions_expires_at"), "login_sessions", ["expires_at"])
    op.drop_index(op.f("ix_revoked_tokens_expires_at"), table_name="revoked_tokens")
    op.drop_table("revoked_tokens")


def downgrade():
    op.create_table(
        "revoked_tokens",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_revoked_tokens")),
        mysql_charset="utf8mb4",
    )
    op.create_index(
        op.f("ix_revoked_tokens_expires_at"), "revoked_tokens", ["expires_at"], unique=False
    )
    op.drop_table("login_sessions")  # its indexes with it (MySQL keeps the FK's index to the end)
    with _users_batch(autoincrement=False) as batch_op:
        batch_op.add_column(
            sa.Column("token_version", sa.Integer(), server_default="0", nullable=False)
        )
