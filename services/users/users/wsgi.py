"""WSGI entry point for servers: `granian --interface wsgi users.wsgi:app`,
`gunicorn users.wsgi:app`, `flask --app users.wsgi ...`."""

from users import create_app
from users.config import ConfigError

try:
    app = create_app()
except ConfigError as error:
    # A setting the user gave is wrong: say which in one line, without a traceback.
    raise SystemExit(f"Error: {error}") from None
