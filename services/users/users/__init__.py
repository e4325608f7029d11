"""The users service: `create_app` builds a configured APIFlask application
(`users.wrappers.ServiceApp`)."""

from __future__ import annotations

from typing import Any

from apiflask import APIFlask
from flask import request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from users import metrics
from users.api import ContractIdConverter
from users.auth.limits import init_rate_limits
from users.auth.passwords import init_passwords
from users.cli import AppCommands, commands
from users.config import Settings, load_settings
from users.cors import init_cors
from users.docs import TITLE, VERSION, init_docs
from users.errors import register_error_handlers
from users.extensions import bootstrap, csrf, db, jwt, migrate
from users.jsonprovider import ORJSONProvider
from users.mail import init_mail
from users.observability import Observed, configure_logging
from users.queries import MIGRATIONS_DIR, configure_engine
from users.wrappers import ServiceApp


def create_app(settings: Settings | None = None) -> ServiceApp:
    """Build the app from `settings` (default: the configuration the environment names, see
    `users.config`); tests pass theirs, as flaskr's do. This only wires things together."""
    settings = settings or load_settings()
    app = ServiceApp(
        __name__, title=TITLE, version=VERSION, instance_path=str(settings.instance_path)
    )
    app.extensions["settings"] = settings
    app.config.from_mapping(settings.flask_config())
    app.cli = AppCommands(app.name)  # before anything registers a command
    app.json = ORJSONProvider(app)  # keeps keys in declaration order: "status" first
    app.url_map.converters["int"] = ContractIdConverter

    configure_logging(settings)
    register_extensions(app, settings)
    register_blueprints(app)
    register_error_handlers(app)
    for command in commands:
        app.cli.add_command(command)
    init_docs(app)
    app.before_request(refuse_oversized_body)
    wrap_wsgi(app, settings)
    return app


def wrap_wsgi(app: APIFlask, settings: Settings) -> None:
    """From the outside in: request ids, metrics and the access line see every answer; the
    client address comes from the trusted proxy."""
    wsgi: Any = app.wsgi_app
    if settings.trusted_proxies:
        hops = settings.trusted_proxies
        wsgi = ProxyFix(wsgi, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
    app.wsgi_app = Observed(wsgi, access_log=settings.access_log)  # type: ignore[method-assign]


def register_extensions(app: APIFlask, settings: Settings) -> None:
    db.init_app(app)
    configure_engine(app, settings)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    csrf.init_app(app)
    bootstrap.init_app(app)
    jwt.init_app(app)
    init_passwords(app, settings)
    init_rate_limits(app, settings)
    init_mail(app, settings)
    init_cors(app, settings)


def register_blueprints(app: APIFlask) -> None:
    from users.api import account, auth, health, ping, users
    from users.web import client, views

    app.register_blueprint(ping.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(metrics.bp)
    app.register_blueprint(users.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(views.bp)
    app.register_blueprint(client.bp)


def refuse_oversized_body() -> None:
    """Refuse an oversized body from its declared length, before anything reads it."""
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()
