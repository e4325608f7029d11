"""Fixtures: every database test runs once per real database, each from empty tables."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from apiflask import APIFlask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade

from tests.databases import DATABASE_NAMES, check_server, databases_required, throwaway_database
from users import create_app
from users.config import TestingConfig
from users.extensions import db

SERVICE_DIR = Path(__file__).resolve().parent.parent
AppFactory = Callable[..., APIFlask]


@pytest.fixture(scope="session", params=DATABASE_NAMES)
def database_name(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    if name != "sqlite" and (problem := check_server(name)):
        if databases_required():
            pytest.fail(problem)
        pytest.skip(problem)
    return name


@pytest.fixture(scope="session")
def database_url(database_name: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of this session's own, migrated to head once."""
    with throwaway_database(database_name, tmp_path_factory.mktemp("db")) as url:
        app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade()
            db.engine.dispose()
        yield url


@pytest.fixture
def make_app(database_url: str) -> Iterator[AppFactory]:
    """Build apps on this database with extra settings; every table is emptied first."""
    made: list[APIFlask] = []

    def factory(**overrides: Any) -> APIFlask:
        app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url, **overrides})
        made.append(app)
        return app

    with factory().app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
    yield factory
    for app in made:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(make_app: AppFactory) -> APIFlask:
    return make_app()


@pytest.fixture
def client(app: APIFlask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: APIFlask) -> FlaskCliRunner:
    return app.test_cli_runner()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def serve(app: APIFlask, database_url: str, tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Start the production server command (bin/serve: granian, 2 workers) with the production
    config on this database; keyword arguments add environment variables. Returns its URL."""
    processes: list[subprocess.Popen[bytes]] = []

    def start(**extra_env: str) -> str:
        port = free_port()
        env = {
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "APP_SETTINGS": "users.config.ProductionConfig",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "DATABASE_URL": database_url,
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "WEB_WORKERS": "2",
            "WEB_THREADS": "16",
            "ACCESS_LOG": "false",
            **extra_env,
        }
        with open(tmp_path / f"server-{port}.log", "wb") as log:
            process = subprocess.Popen(
                [str(SERVICE_DIR / "bin" / "serve")],
                cwd=SERVICE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        processes.append(process)
        wait_for(f"http://127.0.0.1:{port}/ping", process)
        return f"http://127.0.0.1:{port}"

    yield start
    for process in processes:
        stop(process)


@pytest.fixture
def live_server(serve: Callable[..., str]) -> str:
    return serve()


@pytest.fixture
def redis_url() -> Iterator[str]:
    """The Redis server (`TEST_REDIS_URL`, default the local one); keys this test writes are
    deleted after it."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError as error:
        client.close()
        if databases_required():
            pytest.fail(f"Redis at {url} is unreachable: {error}")
        pytest.skip(f"Redis at {url} is unreachable: {error}")
    yield url
    client.close()


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    prefix = f"users-test-{secrets.token_hex(4)}:"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)
    client.close()
