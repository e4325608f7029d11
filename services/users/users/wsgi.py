"""WSGI entry point for servers: `granian --interface wsgi users.wsgi:app`,
`gunicorn users.wsgi:app`, `flask --app users.wsgi ...`."""

from users import create_app

app = create_app()
