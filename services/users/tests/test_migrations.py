"""Migrations: empty to head and back on every database, and head matches the models."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from tests.databases import head_revision, throwaway_database
from users import create_app
from users.config import TestingConfig
from users.extensions import db
from users.queries import dispose_connections


def test_upgrade_to_head_and_downgrade_to_base(database_name: str, tmp_path: Path) -> None:
    with throwaway_database(database_name, tmp_path) as url:
        app = create_app(TestingConfig(database_url=url))
        with app.app_context():
            upgrade()
            assert {"users", "login_sessions"} <= set(sa.inspect(db.engine).get_table_names())
            with db.engine.connect() as connection:
                context = MigrationContext.configure(
                    connection, opts={"render_as_batch": True, "compare_type": True}
                )
                assert compare_metadata(context, db.metadata) == []
                assert context.get_current_revision() == head_revision()
            downgrade(revision="base")
            assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
            dispose_connections()
