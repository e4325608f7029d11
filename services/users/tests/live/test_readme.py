"""The README's walk-through runs as written, start to finish, against a fresh server."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import REPOSITORY, SERVICE_DIR, free_port, running

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(shutil.which("curl") is None, reason="runs `curl`, which is not here"),
]


README = (REPOSITORY / "README.md").read_text()
WALKTHROUGH = re.findall(r"<!-- walkthrough[^>]*-->\n```sh\n(.*?)```", README, re.DOTALL)
# What each block must print, in order: proof that every command did its work.
EXPECTED = [
    ["pong!", "michael@mherman.org was added!", '"username":"michael"', '"next_cursor":null'],
    [
        "Successfully registered.",
        '"email":"jane@example.com"',
        '"admin":false',
        '"refresh_token"',
        "Successfully logged out.",
    ],
    [
        "Recreated the database",
        "Seeded 2 users.",
        "Seeded 1000 users (2 of the course's users existed already).",
        "admin@example.com is an admin",
        " passed",
        "Seeded 0 users (2 of the course's users existed already).",
    ],
]


def test_the_readme_has_the_walkthrough_this_test_knows() -> None:
    assert len(WALKTHROUGH) == len(EXPECTED)


def test_the_walkthrough_runs_as_written(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"APP_SETTINGS", "SECRET_KEY"}},
        "APP_ENV": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'users.db'}",
        "INSTANCE_PATH": str(tmp_path),
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }
    # The virtualenv running this suite stands in for `.venv` (in a container it is elsewhere).
    venv = Path(sys.executable).parent
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "db", "upgrade"], cwd=SERVICE_DIR, env=env, check=True)
    with running([*manage, "runserver"], port=port, env=env, log=tmp_path / "server.log"):
        for block, expected in zip(WALKTHROUGH, EXPECTED, strict=True):
            script = block.replace("127.0.0.1:5000", f"127.0.0.1:{port}").replace(
                "source .venv/bin/activate", f"source {venv / 'activate'}"
            )
            result = subprocess.run(
                ["bash", "-euo", "pipefail", "-c", script],
                cwd=REPOSITORY,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=300,
            )
            output = result.stdout
            assert result.returncode == 0, output[-3000:]
            position = 0
            for text in expected:
                found = output.find(text, position)
                assert found >= 0, f"{text!r} missing after position {position}:\n{output}"
                position = found + len(text)
