"""Commands beside Flask's own: `flask --app users.wsgi recreate-db | seed-db`."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from pydantic import ValidationError

from users.accounts import make_admin
from users.extensions import db
from users.models import EmailTaken, add_users
from users.passwords import PasswordTooCommon
from users.schemas import Registration

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


@click.command("create-admin")
@click.option("--username", prompt=True)
@click.option("--email", prompt=True)
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    envvar="ADMIN_PASSWORD",
    help="Prompted for when not given (or set ADMIN_PASSWORD); never echoed.",
)
@with_appcontext
def create_admin(username: str, email: str, password: str) -> None:
    """Create the first admin, or make an existing user (by email) an admin."""
    try:
        account = Registration(username=username, email=email, password=password)
        user = make_admin(username=account.username, email=account.email, password=password)
    except ValidationError as error:
        fields = ", ".join(str(detail["loc"][0]) for detail in error.errors())
        raise click.ClickException(f"Invalid {fields}.") from None
    except PasswordTooCommon:
        raise click.ClickException("Password is too common.") from None
    except EmailTaken:  # a race with another create-admin for the same address
        raise click.ClickException("Sorry. That email already exists.") from None
    click.echo(f"{user.email} is an admin (id {user.id}).")


commands = [recreate_db, seed_db, create_admin]
