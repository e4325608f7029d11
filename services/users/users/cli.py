"""Commands beside Flask's own: `flask --app users.wsgi recreate-db | seed-db`."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from users.extensions import db
from users.models import add_users

SEED_USERS = [
    {"username": "michael", "email": "hermanmu@gmail.com"},
    {"username": "michaelherman", "email": "michael@mherman.org"},
]
SEED_BATCH = 10_000


@click.command("recreate-db")
@click.option("--force", is_flag=True, help="Required under the production configuration.")
@with_appcontext
def recreate_db(force: bool) -> None:
    """Drop every table and rebuild the schema from the migrations. Destroys all data."""
    if current_app.config["ENV_NAME"] == "production" and not force:
        raise click.ClickException(
            "Refusing to destroy the production database; pass --force if you mean it."
        )
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    upgrade()
    click.echo(f"Recreated the database at {db.engine.url.render_as_string(hide_password=True)}.")


@click.command("seed-db")
@click.option("--count", type=click.IntRange(min=0), default=0, help="Also add N generated users.")
@with_appcontext
def seed_db(count: int) -> None:
    """Add the course's two users, and optionally COUNT generated ones in bulk."""
    add_users([dict(user) for user in SEED_USERS])
    for start in range(0, count, SEED_BATCH):
        stop = min(start + SEED_BATCH, count)
        add_users(
            [{"username": f"user{n}", "email": f"user{n}@example.com"} for n in range(start, stop)]
        )
    click.echo(f"Seeded {len(SEED_USERS) + count} users.")


commands = [recreate_db, seed_db]
