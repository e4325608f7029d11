"""Fixtures for tests against real server processes and a real Redis."""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import redis
from apiflask import APIFlask

from tests.databases import databases_required
from tests.servers import SERVICE_DIR, free_port, running


@pytest.fixture
def serve(app: APIFlask, database_url: str, tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Start the production server command (bin/serve: granian, 2 workers) with the production
    config on this database (emptied by `app`); keyword arguments add environment variables.
    Returns its URL."""
    with ExitStack() as servers:

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
                # Production sends reset links only to an absolute client address.
                "CLIENT_URL": f"http://127.0.0.1:{port}/app",
                **extra_env,
            }
            command = [str(SERVICE_DIR / "bin" / "serve")]
            log = tmp_path / f"server-{port}.log"
            servers.enter_context(running(command, port=port, env=env, log=log))
            return f"http://127.0.0.1:{port}"

        yield start


@pytest.fixture
def live_server(serve: Callable[..., str]) -> str:
    return serve()


@pytest.fixture
def redis_url() -> Iterator[str]:
    """The Redis server (`TEST_REDIS_URL`, default the local one)."""
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
    """A key prefix of this test's own; its keys are deleted after it."""
    prefix = f"users-test-{secrets.token_hex(4)}:"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)
    client.close()
