"""The course's commands: `python manage.py runserver | recreate_db | seed_db | create_admin
| test`.

Each course name is the Flask CLI command of the same name with `-` for `_` (`recreate_db` is
`flask --app users.wsgi recreate-db`), so both run the same code; Flask-Migrate's `db upgrade`
and the rest work here too.
"""

from __future__ import annotations

import os
import sys

import click
from flask import Flask
from flask.cli import FlaskGroup, run_command

from users import create_app
from users.config import ConfigError


def load_app() -> Flask:
    try:
        return create_app()
    except ConfigError as error:
        raise SystemExit(f"Error: {error}") from None


class CourseCLI(FlaskGroup):
    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, cmd_name.replace("_", "-"))


cli = CourseCLI(create_app=load_app, help=__doc__)


@cli.command("runserver")
@click.option("--host", default="127.0.0.1", envvar="HOST", show_default=True)
@click.option("--port", type=int, default=5000, envvar="PORT", show_default=True)
@click.pass_context
def runserver(ctx: click.Context, host: str, port: int) -> None:
    """Serve the app with Flask's development server on HOST:PORT."""
    ctx.invoke(run_command, host=host, port=port)


@cli.command("test", context_settings={"ignore_unknown_options": True})
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
def test(pytest_args: tuple[str, ...]) -> None:
    """Run the test suite (arguments go to pytest) under the testing configuration.

    pytest replaces this process, with the development settings taken out of its
    environment, so nothing it does can reach the development database.
    """
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"APP_SETTINGS", "APP_ENV", "DATABASE_URL", "SECRET_KEY"}
    }
    environment["APP_SETTINGS"] = "users.config.TestingConfig"
    arguments = [sys.executable, "-m", "pytest", *(pytest_args or ["tests"])]
    sys.stdout.flush()
    os.execve(sys.executable, arguments, environment)


if __name__ == "__main__":
    cli()
