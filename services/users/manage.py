"""The course's commands: `python manage.py runserver | recreate_db | seed_db | test`.

They are thin aliases of the Flask CLI (`flask --app users.wsgi ...`), which also serves
`db upgrade` and the rest of Flask-Migrate.
"""

from __future__ import annotations

import os
import sys

import click
from flask.cli import FlaskGroup

from users import create_app
from users.cli import create_admin, recreate_db, seed_db

cli = FlaskGroup(create_app=lambda: create_app())


@cli.command("runserver")
@click.option("--host", default=lambda: os.environ.get("HOST", "127.0.0.1"), show_default="HOST")
@click.option("--port", default=lambda: int(os.environ.get("PORT", "5000")), show_default="PORT")
@click.pass_context
def runserver(ctx: click.Context, host: str, port: int) -> None:
    """Serve the app with Flask's development server."""
    from flask.cli import run_command

    ctx.invoke(run_command, host=host, port=port)


@cli.command("test", context_settings={"ignore_unknown_options": True})
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
def test(pytest_args: tuple[str, ...]) -> None:
    """Run the test suite (arguments go to pytest)."""
    import pytest

    sys.exit(pytest.main(list(pytest_args) or ["tests"]))


cli.add_command(recreate_db, "recreate_db")
cli.add_command(seed_db, "seed_db")
cli.add_command(create_admin, "create_admin")

if __name__ == "__main__":
    cli()
