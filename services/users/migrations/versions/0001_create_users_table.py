"""Create the users table.

Revision ID: 0001
Revises:
Create Date: 2026-11-27

The unique index is on `email_key` (the address lower-cased by the app), so uniqueness is
case-insensitive and enforced by the database itself on SQLite, MariaDB/MySQL and PostgreSQL
alike; on MySQL the column is byte-compared so that accents are not folded there only.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

EMAIL_KEY = sa.String(128).with_variant(
    mysql.VARCHAR(128, charset="utf8mb4", collation="utf8mb4_bin"), "mysql", "mariadb"
)


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("username", sa.String(128), nullable=False),
        sa.Column("email", sa.String(128), nullable=False),
        sa.Column("email_key", EMAIL_KEY, nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email_key", name=op.f("uq_users_email_key")),
        mysql_charset="utf8mb4",
        mysql_collate="utf8mb4_unicode_ci",
    )


def downgrade():
    op.drop_table("users")
