"""Configuration: one class per environment, every setting read from the environment here.

`APP_SETTINGS` names the class by dotted path, as the course does
(`users.config.ProductionConfig`); `APP_ENV=production` is the short form. Development is the
default. Nothing else in the package reads `os.environ`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from importlib import import_module
from typing import Any

DEV_SECRET_KEY = "development-only-secret-key-refused-in-production"
ONE_MIB = 1024 * 1024
TRUTHY = frozenset({"1", "true", "yes", "on"})


class ConfigError(RuntimeError):
    """The environment does not describe a configuration this service can run with."""


class BaseConfig:
    """Defaults shared by every environment; subclasses override what differs."""

    ENV_NAME = "base"
    DATABASE_URL_VARIABLE = "DATABASE_URL"
    SQLITE_FILE = "users.db"

    TESTING = False
    DEBUG = False
    SECRET_KEY = DEV_SECRET_KEY
    SQLALCHEMY_DATABASE_URI: str | None = None
    # No pre-ping: it costs a round trip on every request. A connection the server closed
    # fails one request and makes SQLAlchemy replace the pool; recycling stays well inside
    # MySQL's default wait_timeout (8 h).
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_recycle": 3600}
    MAX_CONTENT_LENGTH = ONE_MIB
    TRUSTED_PROXIES = 0
    LOG_LEVEL = "INFO"
    ACCESS_LOG = True
    USERS_PAGE_SIZE = 20  # users shown per page on `GET /`
    WTF_CSRF_CHECK_DEFAULT = False  # the form view calls `csrf.protect()`; the JSON API is exempt
    BOOTSTRAP_SERVE_LOCAL = True
    BOOTSTRAP_BTN_STYLE = "primary"

    # Authentication. Argon2id at OWASP's minimum (t=2, 19 MiB, p=1): about 20 ms a hash here.
    ARGON2_TIME_COST = 2
    ARGON2_MEMORY_COST = 19 * 1024
    ARGON2_PARALLELISM = 1
    JWT_SECRET_KEY: str | None = None  # None: SECRET_KEY signs tokens too
    JWT_ALGORITHM = "HS256"
    JWT_DECODE_ALGORITHMS = ["HS256"]
    JWT_TOKEN_LOCATION = ["headers"]
    JWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=15)
    JWT_REFRESH_TOKEN_EXPIRES = timedelta(days=30)
    USERS_CREATE_REQUIRES_ADMIN = False
    # Shared state across workers and replicas: token revocations and rate-limit counters.
    REDIS_URL: str | None = None
    REDIS_KEY_PREFIX = "users:"
    AUTH_RATE_LIMIT = (
        "10 per minute"  # login and registration, per client and per account; "" is off
    )

    # APIFlask: errors in our envelope, validation failures are 400 as the contract says.
    VALIDATION_ERROR_STATUS_CODE = 400
    VALIDATION_ERROR_DESCRIPTION = "Invalid payload."

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> dict[str, Any]:
        """Settings for this environment: class defaults overlaid with the environment."""
        settings = {key: getattr(cls, key) for key in dir(cls) if key.isupper()}
        settings["SECRET_KEY"] = environ.get("SECRET_KEY") or cls.SECRET_KEY
        settings["SQLALCHEMY_DATABASE_URI"] = environ.get(cls.DATABASE_URL_VARIABLE) or None
        settings["LOG_LEVEL"] = environ.get("LOG_LEVEL", cls.LOG_LEVEL).upper()
        if "ACCESS_LOG" in environ:
            settings["ACCESS_LOG"] = _flag(environ, "ACCESS_LOG")
        settings["JWT_SECRET_KEY"] = environ.get("JWT_SECRET_KEY") or None
        settings["REDIS_URL"] = environ.get("REDIS_URL") or None
        settings["REDIS_KEY_PREFIX"] = environ.get("REDIS_KEY_PREFIX", cls.REDIS_KEY_PREFIX)
        settings["AUTH_RATE_LIMIT"] = environ.get("AUTH_RATE_LIMIT", cls.AUTH_RATE_LIMIT)
        if "USERS_CREATE_REQUIRES_ADMIN" in environ:
            settings["USERS_CREATE_REQUIRES_ADMIN"] = _flag(environ, "USERS_CREATE_REQUIRES_ADMIN")
        if "JWT_ACCESS_TOKEN_MINUTES" in environ:
            minutes = _positive_int(environ, "JWT_ACCESS_TOKEN_MINUTES")
            settings["JWT_ACCESS_TOKEN_EXPIRES"] = timedelta(minutes=minutes)
        if "JWT_REFRESH_TOKEN_DAYS" in environ:
            days = _positive_int(environ, "JWT_REFRESH_TOKEN_DAYS")
            settings["JWT_REFRESH_TOKEN_EXPIRES"] = timedelta(days=days)
        if "TRUSTED_PROXIES" in environ:
            settings["TRUSTED_PROXIES"] = _non_negative_int(environ, "TRUSTED_PROXIES")
        return settings

    @classmethod
    def validate(cls, settings: Mapping[str, Any]) -> None:
        """Refuse settings this environment must not run with."""


class DevelopmentConfig(BaseConfig):
    ENV_NAME = "development"


class TestingConfig(BaseConfig):
    ENV_NAME = "testing"
    DATABASE_URL_VARIABLE = "DATABASE_TEST_URL"
    SQLITE_FILE = "users-test.db"
    TESTING = True
    ACCESS_LOG = False
    # Cheap hashing keeps the suite fast; tests that measure cost set real parameters.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 256


class ProductionConfig(BaseConfig):
    ENV_NAME = "production"
    SECRET_KEY = ""
    # nginx in front writes the access log; the app's own line costs ~35 µs a request here.
    ACCESS_LOG = False

    @classmethod
    def validate(cls, settings: Mapping[str, Any]) -> None:
        secret = settings.get("SECRET_KEY") or ""
        if not secret or secret == DEV_SECRET_KEY:
            raise ConfigError(
                "ProductionConfig needs its own SECRET_KEY in the environment "
                "(the development default is refused)."
            )
        if len(secret) < 32:
            raise ConfigError("SECRET_KEY must be at least 32 characters in production.")
        jwt_secret = settings["JWT_SECRET_KEY"]
        if jwt_secret == DEV_SECRET_KEY or len(jwt_secret) < 32:
            raise ConfigError("JWT_SECRET_KEY must be at least 32 characters in production.")


SHORT_NAMES: dict[str, type[BaseConfig]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_class(environ: Mapping[str, str]) -> type[BaseConfig]:
    """The class named by `APP_SETTINGS` (dotted path) or `APP_ENV` (short name)."""
    dotted = environ.get("APP_SETTINGS")
    if dotted:
        return resolve_config_class(dotted)
    short = environ.get("APP_ENV", "development").strip().lower()
    try:
        return SHORT_NAMES[short]
    except KeyError:
        raise ConfigError(f"APP_ENV must be one of {sorted(SHORT_NAMES)}, not {short!r}.") from None


def resolve_config_class(dotted: str) -> type[BaseConfig]:
    module_name, _, class_name = dotted.rpartition(".")
    try:
        found = getattr(import_module(module_name), class_name)
    except (ImportError, AttributeError, ValueError):
        raise ConfigError(f"APP_SETTINGS={dotted!r} names no configuration class.") from None
    if not (isinstance(found, type) and issubclass(found, BaseConfig)):
        raise ConfigError(f"APP_SETTINGS={dotted!r} is not a configuration class.")
    return found


def load_settings(
    config: str | type[BaseConfig] | None = None,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Resolve the configuration class, read the environment once, apply overrides, validate."""
    environ = os.environ if environ is None else environ
    if config is None:
        cls = config_class(environ)
    elif isinstance(config, str):
        cls = resolve_config_class(config)
    else:
        cls = config
    settings = cls.from_environ(environ)
    settings.update(overrides or {})
    # Derived after the overrides, so a SECRET_KEY given either way also signs the tokens.
    settings["JWT_SECRET_KEY"] = settings["JWT_SECRET_KEY"] or settings["SECRET_KEY"]
    cls.validate(settings)
    return settings


def _non_negative_int(environ: Mapping[str, str], name: str, minimum: int = 0) -> int:
    try:
        value = int(environ[name])
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {environ[name]!r}.") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}.")
    return value


def _flag(environ: Mapping[str, str], name: str) -> bool:
    return environ[name].strip().lower() in TRUTHY


def _positive_int(environ: Mapping[str, str], name: str) -> int:
    return _non_negative_int(environ, name, minimum=1)
