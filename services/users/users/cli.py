"""Commands beside Flask's own: `flask --app users.wsgi recreate-db | seed-db | create-admin`
(and `python manage.py recreate_db ...`)."""

from __future__ import annotations

import copy
from typing import Any

import click
import sqlalchemy as sa
from flask.cli import AppGroup, with_appcontext
from flask_migrate import upgrade
from pydantic import ValidationError

from users import accounts, messages
from users.config import settings
from users.exceptions import DependencyUnavailable, EmailTaken, PasswordTooCommon
from users.extensions import db
from users.schemas import Registration


@click.command("recreate-db")
@click.option("--force", is_flag=True, help="Required under the production configuration.")
@with_appcontext
def recreate_db(force: bool) -> None:
    """Drop every table and rebuild the schema from the migrations. Destroys all data."""
    if settings().env_name == "production" and not force:
        raise click.ClickException(messages.REFUSE_RECREATE)
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    upgrade()
    click.echo(f"Recreated the database at {db.engine.url.render_as_string(hide_password=True)}.")


@click.command("seed-db")
@click.option("--count", type=click.IntRange(min=0), default=0, help="Also add N generated users.")
@with_appcontext
def seed_db(count: int) -> None:
    """Add the course's two users (unless they exist), and COUNT generated ones in bulk."""
    added, existing = accounts.seed(count)
    note = f" ({existing} of the course's users existed already)" if existing else ""
    click.echo(f"Seeded {added} users{note}.")


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
        user = accounts.make_admin(
            username=account.username, email=account.email, password=password
        )
    except ValidationError as error:
        fields = ", ".join(str(detail["loc"][0]) for detail in error.errors())
        raise click.ClickException(f"Invalid {fields}.") from None
    except PasswordTooCommon:
        raise click.ClickException(messages.PASSWORD_TOO_COMMON) from None
    except EmailTaken:  # a race with another create-admin for the same address
        raise click.ClickException(messages.EMAIL_EXISTS) from None
    click.echo(f"{user['email']} is an admin (id {user['id']}).")


commands = [recreate_db, seed_db, create_admin]


class AppCommands(AppGroup):
    """The app's commands (ours, Flask-Migrate's `db`), each run so that a database a user
    got wrong (down, wrong host or name, not migrated yet) ends it with the database's own
    reason in one line and exit status 1, not a traceback."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None:
            return None
        guarded = copy.copy(command)  # the commands are shared by every app: wrap a copy
        invoke = command.invoke

        def invoke_clearly(ctx: click.Context) -> Any:
            try:
                return invoke(ctx)
            except DependencyUnavailable as error:  # through `users.queries`
                raise click.ClickException(f"Database error: {error.reason}") from None
            except sa.exc.DBAPIError as error:  # through the engine (migrations)
                reason = " ".join(str(error.orig).split())
                raise click.ClickException(f"Database error: {reason}") from None

        guarded.invoke = invoke_clearly  # type: ignore[method-assign]
        return guarded
