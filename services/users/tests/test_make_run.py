"""`make run` migrates the configured database and serves on HOST:PORT."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import SERVICE_DIR, free_port, stop, wait_for

pytestmark = pytest.mark.server


def test_make_run_serves_on_host_and_port(tmp_path: Path) -> None:
    database = tmp_path / "run.db"
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }
    with open(tmp_path / "make.log", "wb") as log:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "-C", str(SERVICE_DIR.parent.parent), "run"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(f"http://127.0.0.1:{port}/ping", process, timeout=120)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/users") as response:
            assert json.load(response)["data"]["users"] == []
    except (OSError, RuntimeError) as error:
        log_text = (tmp_path / "make.log").read_text(errors="replace")[-3000:]
        raise AssertionError(f"make run failed: {error}\n{log_text}") from error
    finally:
        stop(process)
    engine = sa.create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:  # the migrations ran on the configured database
        assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
