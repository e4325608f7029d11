"""Configuration: chosen by APP_SETTINGS/APP_ENV, read from the environment, validated."""

from __future__ import annotations

import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt
import pytest

from tests.servers import REPOSITORY
from users import create_app
from users.config import (
    ConfigError,
    DevelopmentConfig,
    ProductionConfig,
    Settings,
    TestingConfig,
    load_settings,
)

GOOD_SECRET = "s" * 40


def example_value(path: Path, name: str) -> str:
    """The value an example file (`.env.example`, a k8s Secret) gives `name`."""
    match = re.search(rf"^\s*{name}[=:] *(.+)$", path.read_text(), re.MULTILINE)
    assert match, f"{name} not in {path}"
    return match.group(1).strip()


ENV_EXAMPLE_SECRET = example_value(REPOSITORY / ".env.example", "SECRET_KEY")
K8S_EXAMPLE_SECRET = example_value(REPOSITORY / "deploy/k8s/secret.example.yaml", "SECRET_KEY")


Environ = Callable[..., Settings]


@pytest.fixture
def environ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Environ:
    """Load the settings from exactly these variables (and an instance folder of the test's
    own, so development's generated key lands there)."""

    def load(variables: dict[str, str], cls: type[Settings] | None = None) -> Settings:
        for name in [*Settings.model_fields, "DATABASE_TEST_URL", "APP_SETTINGS", "APP_ENV"]:
            monkeypatch.delenv(name.upper(), raising=False)
        monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return load_settings(cls)

    return load


@pytest.mark.parametrize(
    ("variables", "env_name"),
    [
        ({}, "development"),
        ({"APP_SETTINGS": "users.config.DevelopmentConfig"}, "development"),
        ({"APP_SETTINGS": "users.config.TestingConfig"}, "testing"),
        (
            {"APP_SETTINGS": "users.config.ProductionConfig", "SECRET_KEY": GOOD_SECRET},
            "production",
        ),
        ({"APP_ENV": "production", "SECRET_KEY": GOOD_SECRET}, "production"),
        ({"APP_ENV": " Testing "}, "testing"),
        ({"APP_SETTINGS": "users.config.TestingConfig", "APP_ENV": "production"}, "testing"),
    ],
)
def test_configuration_is_chosen_by_the_environment(
    environ: Environ, variables: dict[str, str], env_name: str
) -> None:
    assert environ(variables).env_name == env_name


@pytest.mark.parametrize(
    "variables",
    [
        {"APP_SETTINGS": "users.config.NoSuchConfig"},
        {"APP_SETTINGS": "no.such.module.Config"},
        {"APP_SETTINGS": "users.config.load_settings"},
        {"APP_SETTINGS": "Config"},
        {"APP_ENV": "staging"},
        {"TRUSTED_PROXIES": "one"},
        {"TRUSTED_PROXIES": "-1"},
    ],
)
def test_bad_environment_is_refused(environ: Environ, variables: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        environ(variables)


@pytest.mark.parametrize(
    "secret",
    [
        None,
        "",
        "short",
        ENV_EXAMPLE_SECRET,
        K8S_EXAMPLE_SECRET,
        "development-only-secret-key-refused-in-production",  # the old built-in default
    ],
)
def test_production_refuses_to_start_without_its_own_secret(
    environ: Environ, secret: str | None
) -> None:
    variables = {"APP_ENV": "production"} | ({"SECRET_KEY": secret} if secret is not None else {})
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        environ(variables)
    with pytest.raises(ValueError, match="SECRET_KEY"):
        create_app(ProductionConfig(secret_key=secret or ""))


@pytest.mark.parametrize("client_url", ["/app", "app", "//users.example/app", "ftp://x/app"])
def test_production_mail_refuses_reset_links_on_the_requests_host(
    environ: Environ, client_url: str
) -> None:
    production = {"APP_ENV": "production", "SECRET_KEY": "k" * 40, "MAIL_SERVER": "smtp.local"}
    with pytest.raises(ConfigError, match="CLIENT_URL must be absolute"):
        environ(production | {"CLIENT_URL": client_url})
    # Without mail no link is sent; development may follow the request's host.
    assert environ(production | {"MAIL_SERVER": "", "CLIENT_URL": client_url}).client_url
    assert environ({"MAIL_SERVER": "smtp.local", "CLIENT_URL": client_url}).mail_server


def test_production_mail_takes_an_absolute_client_url(environ: Environ) -> None:
    settings = environ(
        {
            "APP_ENV": "production",
            "SECRET_KEY": "k" * 40,
            "MAIL_SERVER": "smtp.local",
            "CLIENT_URL": "https://users.example.org/app",
        }
    )
    assert settings.client_url == "https://users.example.org/app"


def test_settings_are_read_from_the_environment(environ: Environ) -> None:
    settings = environ(
        {
            "SECRET_KEY": "from-env",
            "DATABASE_URL": "postgresql+psycopg://u@h/db",
            "TRUSTED_PROXIES": "1",
            "LOG_LEVEL": "debug",
            "ACCESS_LOG": "off",
        }
    )
    assert settings.secret_key == "from-env"
    assert settings.database_uri == "postgresql+psycopg://u@h/db"
    assert settings.trusted_proxies == 1
    assert settings.log_level == "DEBUG"
    assert settings.access_log is False


def test_testing_reads_its_own_database_variable(environ: Environ) -> None:
    variables = {"DATABASE_URL": "sqlite:///dev.db", "DATABASE_TEST_URL": "sqlite:///test.db"}
    assert environ(variables, TestingConfig).database_uri == "sqlite:///test.db"
    assert environ(variables, DevelopmentConfig).database_uri == "sqlite:///dev.db"


def test_default_database_is_sqlite_in_the_instance_folder(
    environ: Environ, tmp_path: Path
) -> None:
    app = create_app(environ({}))
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'users.db'}"


def test_development_without_a_secret_generates_one_and_keeps_it(
    environ: Environ, tmp_path: Path
) -> None:
    first = create_app(environ({"INSTANCE_PATH": str(tmp_path / "a")}))
    again = create_app(environ({"INSTANCE_PATH": str(tmp_path / "a")}))
    elsewhere = create_app(environ({"INSTANCE_PATH": str(tmp_path / "b")}))
    key = first.config["SECRET_KEY"]
    assert len(key) >= 32
    assert again.config["SECRET_KEY"] == key  # kept across restarts
    assert elsewhere.config["SECRET_KEY"] != key  # never a constant
    assert first.config["JWT_SECRET_KEY"] == key
    kept = tmp_path / "a" / "secret_key"
    assert kept.read_text() == key
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert [path.name for path in (tmp_path / "a").iterdir()] == ["secret_key"]  # no drafts left


def test_a_token_signed_with_the_old_public_default_is_refused(
    environ: Environ, tmp_path: Path
) -> None:
    """The attack `make run` allowed: sign `sub: 1` with the key that sat in the code."""
    app = create_app(environ({"DATABASE_URL": f"sqlite:///{tmp_path / 'dev.db'}"}))
    forged = jwt.encode(
        {
            "sub": "1",
            "sid": "s",
            "jti": "j",
            "type": "access",
            "fresh": False,
            "iat": 0,
            "nbf": 0,
            "exp": 2**40,
        },
        "development-only-secret-key-refused-in-production",
        "HS256",
    )
    response = app.test_client().get("/auth/status", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert response.get_json()["message"] == "Invalid token. Please log in again."


def test_a_truncated_instance_secret_is_refused(environ: Environ, tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("short")
    with pytest.raises(ConfigError, match="delete it"):
        environ({})


def test_mysql_connections_use_utf8mb4() -> None:
    app = create_app(TestingConfig(database_url="mysql+pymysql://u@h/db"))
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["charset"] == "utf8mb4"


@pytest.mark.parametrize(
    ("variables", "given", "signing_key"),
    [
        ({"SECRET_KEY": "e" * 40}, {}, "e" * 40),
        ({}, {"secret_key": "o" * 40}, "o" * 40),
        ({"SECRET_KEY": "e" * 40, "JWT_SECRET_KEY": "j" * 40}, {}, "j" * 40),
    ],
)
def test_tokens_are_signed_with_the_secret_key_unless_given_their_own(
    environ: Environ, variables: dict[str, str], given: dict[str, Any], signing_key: str
) -> None:
    environ(variables)  # the environment only; the settings below also take `given`
    assert DevelopmentConfig(**given).jwt_secret_key == signing_key


# CORS_ORIGINS (users.cors)


def test_cors_origins_are_a_comma_separated_list_of_exact_origins(environ: Environ) -> None:
    settings = environ({"CORS_ORIGINS": " https://App.example.com, http://127.0.0.1:8080 ,"})
    assert settings.cors_origins == ("https://app.example.com", "http://127.0.0.1:8080")


def test_development_allows_the_usual_dev_servers_and_other_environments_none(
    environ: Environ,
) -> None:
    assert set(environ({}).cors_origins) == {
        "http://localhost:3000",
        "http://127.0.0.1:3000",
        "http://localhost:5173",
        "http://127.0.0.1:5173",
    }
    assert environ({"APP_ENV": "testing"}).cors_origins == ()
    production = {"APP_ENV": "production", "SECRET_KEY": GOOD_SECRET}
    assert environ(production).cors_origins == ()
    assert environ({"CORS_ORIGINS": ""}).cors_origins == ()  # development can turn it off


@pytest.mark.parametrize(
    ("origin", "problem"),
    [
        ("http://localhost:3000/", "more than an origin"),  # the usual slip: a trailing slash
        ("https://app.example.com/login", "more than an origin"),
        ("app.example.com", "not an origin"),
        ("ftp://app.example.com", "not an origin"),
        ("https://user@app.example.com", "not an origin"),
    ],
)
def test_what_is_not_an_origin_is_refused_at_start(
    environ: Environ, origin: str, problem: str
) -> None:
    with pytest.raises(ConfigError, match=f"CORS_ORIGINS: .*{problem}"):
        environ({"CORS_ORIGINS": origin})


def test_any_origin_is_refused_with_credentials_and_in_a_list(environ: Environ) -> None:
    with pytest.raises(ConfigError, match="cannot go with credentials"):
        environ({"CORS_ORIGINS": "*"})
    with pytest.raises(ConfigError, match="stands alone"):
        environ({"CORS_ORIGINS": "*,http://localhost:3000", "CORS_ALLOW_CREDENTIALS": "false"})
    settings = environ({"CORS_ORIGINS": "*", "CORS_ALLOW_CREDENTIALS": "false"})
    assert settings.cors_origins == ("*",)


def test_production_takes_any_origin_only_when_told_twice(environ: Environ) -> None:
    variables = {
        "APP_ENV": "production",
        "SECRET_KEY": GOOD_SECRET,
        "CORS_ORIGINS": "*",
        "CORS_ALLOW_CREDENTIALS": "false",
    }
    with pytest.raises(ConfigError, match="CORS_ALLOW_ANY_ORIGIN=true"):
        environ(variables)
    assert environ(variables | {"CORS_ALLOW_ANY_ORIGIN": "true"}).cors_origins == ("*",)
