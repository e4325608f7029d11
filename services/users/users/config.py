"""Settings: one typed object per environment, read from the environment once, validated at
start-up (pydantic-settings). Nothing else in the package reads `os.environ`.

`APP_SETTINGS` names the class by dotted path, as the course does
(`users.config.ProductionConfig`); `APP_ENV=production` is the short form. Development is the
default. Every field is read from the environment variable of the same name in capitals
(`redis_url` from `REDIS_URL`); the README's Configuration table lists them.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from importlib import import_module
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal
from urllib.parse import urlsplit

from flask import current_app
from limits import parse
from pydantic import (
    Field,
    NonNegativeInt,
    PositiveFloat,
    PositiveInt,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

SERVICE_DIR = Path(__file__).resolve().parent.parent
ONE_MIB = 1024 * 1024
MIN_SECRET_LENGTH = 32
# Words of the placeholders in `.env.example`-style files: a value containing one was copied,
# not generated, and is as public as the file it came from.
PLACEHOLDER_WORDS = ("replace", "change-me", "changeme", "placeholder", "example", "secret-key")
INSTANCE_SECRET_FILE = "secret_key"
DRIVER_CONNECT_TIMEOUT = 10
LogLevel = Literal["CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"]
ANY_ORIGIN = "*"
# The usual local dev servers (Create React App's, Vite's), allowed by default in development.
DEV_SERVER_ORIGINS = tuple(
    f"http://{host}:{port}" for port in (3000, 5173) for host in ("localhost", "127.0.0.1")
)


class ConfigError(RuntimeError):
    """The environment does not describe a configuration this service can run with."""


class Settings(BaseSettings):
    """What every environment shares; the subclasses below change defaults."""

    model_config = SettingsConfigDict(extra="forbid", populate_by_name=True)

    env_name: ClassVar[str] = "base"
    sqlite_file: ClassVar[str] = "users.db"
    # Development without SECRET_KEY: a random key made once and kept in the instance folder.
    keeps_instance_secret: ClassVar[bool] = False
    # CORS_ORIGINS=* needs CORS_ALLOW_ANY_ORIGIN too.
    any_origin_needs_consent: ClassVar[bool] = False
    # Emailed links need an absolute CLIENT_URL (see `_emailed_links`).
    emailed_links_need_absolute_url: ClassVar[bool] = False

    database_url: str | None = None
    instance_path: Path = SERVICE_DIR / "instance"
    # No constant ever signs anything: each environment says where its key comes from.
    secret_key: str | None = Field(None, repr=False)
    jwt_secret_key: str | None = Field(None, repr=False)  # default: secret_key
    jwt_access_token_minutes: PositiveInt = 15
    jwt_refresh_token_days: PositiveInt = 30
    # Argon2id at OWASP's minimum (t=2, 19 MiB, p=1): about 20 ms a hash here.
    argon2_time_cost: PositiveInt = 2
    argon2_memory_cost: PositiveInt = 19 * 1024
    argon2_parallelism: PositiveInt = 1
    # Rate-limit counters shared by every worker and replica (per process without it).
    redis_url: str | None = None
    redis_key_prefix: str = "users:"
    auth_rate_limit: str = "10 per minute"  # login and registration; "" turns it off
    users_create_requires_admin: bool = False
    trusted_proxies: NonNegativeInt = 0  # proxies in front whose X-Forwarded-* we believe
    log_level: LogLevel = "INFO"
    log_format: Literal["text", "json"] = "text"
    access_log: bool = True
    # The page's signed-cookie session (its flash messages): Secure in production, where the
    # service is reached over HTTPS; never sent on cross-site requests but top-level visits.
    session_cookie_secure: bool = False
    # Browser clients on other origins (`users.cors`): the exact origins allowed, comma-separated;
    # whether the refresh cookie may go to them (on /auth/ only); consent to `*`.
    cors_origins: Annotated[tuple[str, ...], NoDecode] = ()
    cors_allow_credentials: bool = True
    cors_allow_any_origin: bool = False
    users_page_size: PositiveInt = 20  # users shown per page on `GET /`
    # The React client's build, served at /app/ (`make client-build`); in the containers
    # nginx serves it from the client's own image instead.
    client_dist: Path = SERVICE_DIR.parent.parent / "client" / "dist"
    max_content_length: PositiveInt = ONE_MIB
    # Password-reset email (`users.mail`). Without MAIL_SERVER nothing is sent: the message is
    # logged instead. The link leads to `<CLIENT_URL>/reset-password?token=...`; a CLIENT_URL
    # that is not absolute is taken relative to the origin the request came to (production
    # with MAIL_SERVER refuses that: `_emailed_links`).
    mail_server: str | None = None
    mail_port: PositiveInt = 25
    mail_username: str | None = None
    mail_password: str | None = Field(None, repr=False)
    mail_use_tls: bool = False  # STARTTLS
    mail_from: str = "Users service <no-reply@localhost>"
    mail_timeout: PositiveFloat = 10.0  # seconds, for each SMTP operation
    mail_queue_limit: PositiveInt = 100  # emails waiting or being sent; past it, dropped
    client_url: str = "/app"
    # Outages (see `users.outages`): the longest a request may hold a database connection
    # (one held past 0.3 s is cut at once if the database stops answering), how long
    # to wait for one to open, Redis's socket timeout, and how long to answer 503 at once
    # after a dependency failed before trying it again.
    database_timeout: PositiveFloat = 4.0
    database_connect_timeout: PositiveFloat = 1.0
    database_idle_ping: PositiveFloat = 10.0  # ping a pooled connection idle this long first
    redis_timeout: PositiveFloat = 0.5
    outage_cool_down: PositiveFloat = 2.0

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @field_validator("auth_rate_limit")
    @classmethod
    def _rate_limit(cls, value: str) -> str:
        if value:
            parse(value)  # raises ValueError on "ten a minute"
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, (list, tuple)):
            return tuple(origin for origin in (normal_origin(item) for item in value) if origin)
        return value

    @model_validator(mode="after")
    def _any_origin(self) -> Settings:
        if ANY_ORIGIN not in self.cors_origins:
            return self
        if len(self.cors_origins) > 1:
            raise ValueError("CORS_ORIGINS: `*` stands alone, not in a list of origins.")
        if self.cors_allow_credentials:
            raise ValueError(
                "CORS_ORIGINS=* cannot go with credentials: list the origins, or set "
                "CORS_ALLOW_CREDENTIALS=false."
            )
        if self.any_origin_needs_consent and not self.cors_allow_any_origin:
            raise ValueError(
                "CORS_ORIGINS=* lets every website call this API: list the origins, or set "
                "CORS_ALLOW_ANY_ORIGIN=true to mean it."
            )
        return self

    @model_validator(mode="after")
    def _emailed_links(self) -> Settings:
        """A relative CLIENT_URL takes the reset link's host from the request, and the Host
        header (or what a proxy passes on from it) is whatever the client sent: an attacker
        asking a reset for someone else's address would get a link to its own host mailed to
        them, and the token with the click."""
        parts = urlsplit(self.client_url)
        absolute = parts.scheme in ("http", "https") and bool(parts.netloc)
        if self.mail_server and self.emailed_links_need_absolute_url and not absolute:
            raise ValueError(
                "CLIENT_URL must be absolute (such as https://users.example.org/app) when "
                "MAIL_SERVER is set: reset links must not take their host from a request."
            )
        return self

    @model_validator(mode="after")
    def _signing_keys(self) -> Settings:
        if not self.secret_key and self.keeps_instance_secret:
            self.secret_key = instance_secret(self.instance_path)
        self.jwt_secret_key = self.jwt_secret_key or self.secret_key
        self.refuse_weak_secrets()
        return self

    def refuse_weak_secrets(self) -> None:
        """Where an environment must not run with a weak key, raise `ValueError`."""

    @property
    def database_uri(self) -> str:
        return self.database_url or f"sqlite:///{self.instance_path / self.sqlite_file}"

    @property
    def engine_options(self) -> dict[str, Any]:
        """Per-database connection settings. No pre-ping: it costs a round trip per request;
        recycling stays well inside MySQL's default wait_timeout (8 h)."""
        uri = self.database_uri
        if uri.startswith("sqlite"):
            return {}
        # The drivers' own connect timeouts only end attempts `users.outages` gave up on.
        connect_args: dict[str, Any] = {"connect_timeout": DRIVER_CONNECT_TIMEOUT}
        # No read or write timeout: `users.outages` bounds what requests wait for.
        if uri.startswith(("mysql", "mariadb")) and "charset=" not in uri:
            connect_args["charset"] = "utf8mb4"
        return {"pool_recycle": 3600, "connect_args": connect_args}

    def flask_config(self) -> dict[str, Any]:
        """The settings Flask and its extensions read from `app.config`."""
        return {
            "TESTING": self.env_name == "testing",
            "SECRET_KEY": self.secret_key,
            "MAX_CONTENT_LENGTH": self.max_content_length,
            "SQLALCHEMY_DATABASE_URI": self.database_uri,
            "SQLALCHEMY_ENGINE_OPTIONS": self.engine_options,
            "JWT_SECRET_KEY": self.jwt_secret_key,
            "JWT_ALGORITHM": "HS256",
            "JWT_DECODE_ALGORITHMS": ["HS256"],  # pinned: no `alg: none`, no other algorithm
            # Access tokens only from the header; the refresh cookie is read where a view asks
            # for it (`users.auth.cookies`), which also does the CSRF checks: not the
            # extension's double-submit cookie.
            "JWT_TOKEN_LOCATION": ["headers"],
            "JWT_REFRESH_COOKIE_NAME": "refresh_token",
            "JWT_COOKIE_CSRF_PROTECT": False,
            "JWT_ACCESS_TOKEN_EXPIRES": timedelta(minutes=self.jwt_access_token_minutes),
            "JWT_REFRESH_TOKEN_EXPIRES": timedelta(days=self.jwt_refresh_token_days),
            # The form view calls `csrf.protect()` itself; the JSON API is exempt.
            "WTF_CSRF_CHECK_DEFAULT": False,
            "SESSION_COOKIE_SECURE": self.session_cookie_secure,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "BOOTSTRAP_SERVE_LOCAL": True,  # the page loads nothing from another host
            "BOOTSTRAP_BTN_STYLE": "primary",
            # APIFlask: validation failures are the contract's 400 `Invalid payload.`
            "VALIDATION_ERROR_STATUS_CODE": 400,
            "VALIDATION_ERROR_DESCRIPTION": "Invalid payload.",
        }

    @property
    def refresh_token_lifetime(self) -> timedelta:
        return timedelta(days=self.jwt_refresh_token_days)


class DevelopmentConfig(Settings):
    env_name = "development"
    keeps_instance_secret = True

    cors_origins: Annotated[tuple[str, ...], NoDecode] = DEV_SERVER_ORIGINS


class TestingConfig(Settings):
    __test__ = False  # a configuration, not a class of tests for pytest to collect
    env_name = "testing"
    sqlite_file = "users-test.db"

    database_url: str | None = Field(None, validation_alias="DATABASE_TEST_URL")
    # Random per test process: nothing a test signs is valid anywhere else.
    secret_key: str | None = Field(default_factory=lambda: secrets.token_urlsafe(48), repr=False)
    access_log: bool = False
    # Cheap hashing keeps the suite fast; tests that measure cost set real parameters.
    argon2_time_cost: PositiveInt = 1
    argon2_memory_cost: PositiveInt = 256


class ProductionConfig(Settings):
    env_name = "production"
    any_origin_needs_consent = True
    emailed_links_need_absolute_url = True
    # nginx in front writes the access log; the app's own line costs ~35 µs a request here.
    access_log: bool = False
    session_cookie_secure: bool = True

    def refuse_weak_secrets(self) -> None:
        for name in ("SECRET_KEY", "JWT_SECRET_KEY"):
            problem = weak_secret(getattr(self, name.lower()))
            if problem:
                raise ValueError(f"{name} {problem} (production needs a generated key).")


def weak_secret(secret: str | None) -> str | None:
    """Why a signing key is unfit for production, or None if it is fine."""
    if not secret:
        return "is not set"
    if len(secret) < MIN_SECRET_LENGTH:
        return f"must be at least {MIN_SECRET_LENGTH} characters"
    if any(word in secret.lower() for word in PLACEHOLDER_WORDS):
        return "is a placeholder copied from an example file"
    return None


def normal_origin(value: Any) -> str:
    """An origin as browsers send it (`scheme://host[:port]`, lower case), `*`, or "" for an
    empty item; anything else (a path, a trailing slash, no scheme) is a `ValueError`."""
    text = str(value).strip().lower()
    if text in ("", ANY_ORIGIN):
        return text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username:
        raise ValueError(f"{text!r} is not an origin like https://app.example.com")
    if text != f"{parts.scheme}://{parts.netloc}":
        raise ValueError(f"{text!r} has more than an origin (no path, no slash)")
    return text


def instance_secret(instance_path: Path) -> str:
    """Development's signing key when `SECRET_KEY` is unset: random, made on first start and
    reused after, readable by its owner only. Created under a temporary name and linked into
    place, so that workers starting together all end up with the same key."""
    path = instance_path / INSTANCE_SECRET_FILE
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        draft = instance_path / f".{INSTANCE_SECRET_FILE}.{secrets.token_hex(8)}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(48))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another worker was first: use its key
        finally:
            draft.unlink()
    secret = path.read_text().strip()
    if len(secret) < MIN_SECRET_LENGTH:
        raise ValueError(f"{path} holds no usable key: delete it to have a new one made")
    return secret


SHORT_NAMES: dict[str, type[Settings]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_class() -> type[Settings]:
    """The class named by `APP_SETTINGS` (dotted path) or else `APP_ENV` (short name)."""
    dotted = os.environ.get("APP_SETTINGS")
    if dotted:
        module_name, _, class_name = dotted.rpartition(".")
        try:
            found = getattr(import_module(module_name), class_name)
        except (ImportError, AttributeError, ValueError):
            raise ConfigError(f"APP_SETTINGS={dotted!r} names no configuration class.") from None
        if not (isinstance(found, type) and issubclass(found, Settings)):
            raise ConfigError(f"APP_SETTINGS={dotted!r} is not a configuration class.")
        return found
    short = os.environ.get("APP_ENV", "development").strip().lower()
    try:
        return SHORT_NAMES[short]
    except KeyError:
        raise ConfigError(f"APP_ENV must be one of {sorted(SHORT_NAMES)}, not {short!r}.") from None


def load_settings(cls: type[Settings] | None = None) -> Settings:
    """The settings of `cls` (default: the class the environment names), from the environment;
    anything unusable is a `ConfigError` naming the variable, in one line."""
    cls = cls or config_class()
    try:
        return cls()
    except ValidationError as error:
        problems = "; ".join(
            f"{str(detail['loc'][0]).upper()}: {detail['msg']}" if detail["loc"] else detail["msg"]
            for detail in error.errors(include_url=False)
        )
        raise ConfigError(problems.replace("Value error, ", "")) from None


def settings() -> Settings:
    """The settings of the app handling this request or command."""
    found: Settings = current_app.extensions["settings"]
    return found
