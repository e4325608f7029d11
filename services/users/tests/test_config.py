"""Configuration: chosen by APP_SETTINGS/APP_ENV, read from the environment, validated."""

from __future__ import annotations

from pathlib import Path

import pytest

from users import create_app
from users.config import (
    DEV_SECRET_KEY,
    ConfigError,
    DevelopmentConfig,
    ProductionConfig,
    TestingConfig,
    load_settings,
)

GOOD_SECRET = "s" * 40


@pytest.mark.parametrize(
    ("environ", "env_name"),
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
def test_configuration_is_chosen_by_the_environment(environ: dict[str, str], env_name: str) -> None:
    assert load_settings(environ=environ)["ENV_NAME"] == env_name


@pytest.mark.parametrize(
    "environ",
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
def test_bad_environment_is_refused(environ: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        load_settings(environ=environ)


@pytest.mark.parametrize("secret", [None, "", DEV_SECRET_KEY, "short"])
def test_production_refuses_to_start_without_its_own_secret(secret: str | None) -> None:
    environ = {"APP_ENV": "production"} | ({"SECRET_KEY": secret} if secret is not None else {})
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings(environ=environ)
    with pytest.raises(ConfigError):
        create_app(ProductionConfig, {"SECRET_KEY": secret or ""})


def test_settings_are_read_from_the_environment() -> None:
    settings = load_settings(
        environ={
            "SECRET_KEY": "from-env",
            "DATABASE_URL": "postgresql+psycopg://u@h/db",
            "TRUSTED_PROXIES": "1",
            "LOG_LEVEL": "debug",
            "ACCESS_LOG": "off",
        }
    )
    assert settings["SECRET_KEY"] == "from-env"
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert settings["TRUSTED_PROXIES"] == 1
    assert settings["LOG_LEVEL"] == "DEBUG"
    assert settings["ACCESS_LOG"] is False


def test_testing_reads_its_own_database_variable() -> None:
    environ = {"DATABASE_URL": "sqlite:///dev.db", "DATABASE_TEST_URL": "sqlite:///test.db"}
    assert load_settings(TestingConfig, environ=environ)["SQLALCHEMY_DATABASE_URI"] == (
        "sqlite:///test.db"
    )
    assert load_settings(DevelopmentConfig, environ=environ)["SQLALCHEMY_DATABASE_URI"] == (
        "sqlite:///dev.db"
    )


def test_default_database_is_sqlite_in_the_instance_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app(DevelopmentConfig)
    expected = Path(app.instance_path) / "users.db"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{expected}"


def test_mysql_connections_use_utf8mb4() -> None:
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": "mysql+pymysql://u@h/db"})
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["charset"] == "utf8mb4"


@pytest.mark.parametrize(
    ("environ", "overrides", "signing_key"),
    [
        ({"SECRET_KEY": "e" * 40}, {}, "e" * 40),
        ({}, {"SECRET_KEY": "o" * 40}, "o" * 40),
        ({"SECRET_KEY": "e" * 40, "JWT_SECRET_KEY": "j" * 40}, {}, "j" * 40),
    ],
)
def test_tokens_are_signed_with_the_secret_key_unless_given_their_own(
    environ: dict[str, str], overrides: dict[str, str], signing_key: str
) -> None:
    settings = load_settings(DevelopmentConfig, overrides, environ=environ)
    assert settings["JWT_SECRET_KEY"] == signing_key
