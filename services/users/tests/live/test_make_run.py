"""`make run` migrates the configured database and serves on HOST:PORT."""

from __future__ import annotations

import json
import os
import shutil
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.servers import REPOSITORY, free_port, running

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(shutil.which("make") is None, reason="runs `make`, which is not here"),
]


def test_make_run_serves_on_host_and_port(tmp_path: Path) -> None:
    database = tmp_path / "run.db"
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "INSTANCE_PATH": str(tmp_path),  # development's generated key goes here too
    }
    command = ["make", "--no-print-directory", "-C", str(REPOSITORY), "run"]
    with running(command, port=port, env=env, log=tmp_path / "make.log", timeout=120):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/users") as response:
            assert json.load(response)["data"]["users"] == []
    engine = sa.create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:  # the migrations ran on the configured database
        assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
    assert (tmp_path / "secret_key").stat().st_size >= 32  # signed with a key of its own
