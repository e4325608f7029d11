"""The users service: `create_app` builds a configured Flask (APIFlask) application."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from apiflask import APIFlask
from flask import request
from sqlalchemy import event
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from users.config import BaseConfig, load_settings
from users.docs import TITLE, VERSION, init_docs
from users.errors import JSONRequest, register_error_handlers
from users.extensions import bootstrap, csrf, db, jwt, migrate
from users.jsonprovider import ORJSONProvider
from users.limits import init_rate_limits
from users.logs import configure_logging
from users.passwords import init_passwords
from users.schemas import Failure
from users.tokens import init_tokens
from users.web.session import LazyCookieSessionInterface

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
FAILURE_SCHEMA = Failure.model_json_schema()
SECURITY_SCHEMES = {"BearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}


def create_app(
    config: str | type[BaseConfig] | None = None, overrides: Mapping[str, Any] | None = None
) -> APIFlask:
    """Build the app for a configuration class (default: `APP_SETTINGS`/`APP_ENV`);
    `overrides` replace single settings, as tests do."""
    app = APIFlask(__name__, title=TITLE, version=VERSION, instance_relative_config=True)
    app.request_class = JSONRequest
    app.session_interface = LazyCookieSessionInterface()
    app.json = ORJSONProvider(app)  # keeps keys in declaration order: "status" first
    app.config.from_mapping(load_settings(config, overrides))
    app.config.update(
        VALIDATION_ERROR_SCHEMA=FAILURE_SCHEMA,
        HTTP_ERROR_SCHEMA=FAILURE_SCHEMA,
        SECURITY_SCHEMES=SECURITY_SCHEMES,
    )
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        sqlite_file = Path(app.instance_path) / app.config["SQLITE_FILE"]
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{sqlite_file}"
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)

    configure_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_commands(app)
    init_docs(app)
    app.before_request(refuse_oversized_body)
    if app.config["TRUSTED_PROXIES"]:
        trusted = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=trusted, x_proto=trusted, x_host=trusted, x_port=trusted
        )
    return app


def engine_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """Per-database connection settings: utf8mb4 on MySQL, a busy timeout on SQLite."""
    options = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
    url: str = config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith(("mysql", "mariadb")) and "charset=" not in url:
        options.setdefault("connect_args", {})["charset"] = "utf8mb4"
    if url.startswith("sqlite"):
        options.setdefault("connect_args", {})["timeout"] = 30
    return options


def register_extensions(app: APIFlask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    csrf.init_app(app)
    bootstrap.init_app(app)
    jwt.init_app(app)
    init_passwords(app)
    init_tokens(app)
    init_rate_limits(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", tune_sqlite)


def tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers run beside a writer; concurrent writers wait instead of failing."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def register_blueprints(app: APIFlask) -> None:
    from users.api import auth, ping, users
    from users.web import views

    app.register_blueprint(ping.bp)
    app.register_blueprint(users.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(views.bp)


def register_commands(app: APIFlask) -> None:
    from users.cli import commands

    for command in commands:
        app.cli.add_command(command)


def refuse_oversized_body() -> None:
    """Refuse an oversized body from its declared length, before anything reads it."""
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()
