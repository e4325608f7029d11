"""The users image as built from services/users/Dockerfile (by the production compose file),
checked from outside: who it runs as, what it carries, how big it is, how it stops."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from conftest import (
    FIGURES,
    ROOT,
    Stack,
    docker,
    image_size_mb,
    inspect,
    phase,
    production_environment,
    secret,
)

PROJECT = "flaskms-e2e-prod"  # the production stack's project: its build cache and image names
IMAGE = f"{PROJECT}_users"
BUDGET_MB = 250
DOCKERFILE = (ROOT / "services" / "users" / "Dockerfile").read_text().replace("\\\n", " ")


@pytest.fixture(scope="module")
def image(stack_factory: Any) -> str:
    stack: Stack = stack_factory(
        project=PROJECT,
        compose_file="docker-compose.prod.yml",
        environment=production_environment(),  # required by the file; nothing starts here
        build_services=["users"],
    )
    with phase("images: build the users image"):
        stack.compose("build", "users", timeout=1200)
    return IMAGE


def shell(image: str, script: str, user: str | None = None) -> str:
    """Run `script` with the image's sh, as the image's user unless `user` is given."""
    options = ["--user", user] if user else []
    return docker("run", "--rm", *options, "--entrypoint", "sh", image, "-c", script).stdout


def base_image() -> str:
    return re.findall(r"^FROM (\S+)", DOCKERFILE, re.MULTILINE)[-1]


def test_runs_as_a_numeric_non_root_user(image: str) -> None:
    user = inspect("image", image)["Config"]["User"]
    assert re.fullmatch(r"[0-9]+:[0-9]+", user), f"USER {user!r} is not numeric uid:gid"
    assert user.split(":")[0] != "0"
    assert shell(image, "id -u").strip() == user.split(":")[0]


def test_no_compiler_in_the_image(image: str) -> None:
    # By name, and any triplet- or version-suffixed form (x86_64-linux-gnu-gcc-12).
    found = shell(
        image,
        "for tool in gcc cc c++ g++ cpp clang tcc ld as make; do command -v $tool; done;"
        " ls /usr/bin /usr/local/bin"
        " | grep -E '(^|-)(gcc|g\\+\\+|cc|cpp|clang)([-.][0-9a-z.]+)?$'; true",
    )
    assert found.strip() == "", f"build tools in the image:\n{found}"


def test_the_apps_code_is_read_only_to_its_user(image: str) -> None:
    # Its code (/app) and its dependencies (/opt/venv): nothing but the instance folder.
    writable = shell(image, "find /app /opt/venv -writable")
    assert writable.split() == ["/app/instance"], f"writable by the app's user:\n{writable}"
    refused = shell(
        image, "echo x >> /app/users/__init__.py 2>&1; echo x >> /opt/venv/bin/granian 2>&1; true"
    )
    assert refused.count("Permission denied") == 2, refused


def test_image_size_within_budget(image: str) -> None:
    size, base = image_size_mb(image), image_size_mb(base_image())
    standin = inspect("image", base_image())["Config"]["Labels"] or {}
    kind = "a stand-in (deploy/standins)" if "org.flaskms.standin" in standin else "the real image"
    FIGURES.append(f"users image: {size:.0f} MB; its base {base_image()}, {kind}: {base:.0f} MB")
    assert size < BUDGET_MB, f"the users image is {size:.0f} MB, over the {BUDGET_MB} MB budget"


def test_nothing_of_the_build_machine_leaks_into_the_environment(image: str) -> None:
    """The image's environment is its base's plus exactly the Dockerfile's own ENV: whatever a
    stand-in base carries for this machine (its CA bundle) stays the base's, not the project's."""

    def environment(name: str) -> dict[str, str]:
        return dict(item.split("=", 1) for item in inspect("image", name)["Config"]["Env"])

    final_stage = DOCKERFILE.rsplit("\nFROM ", 1)[1]
    declared = {key for line in re.findall(r"^ENV (.*)$", final_stage, re.MULTILINE)
                for key in re.findall(r"(\w+)=", line)}  # fmt: skip
    image_env, base_env = environment(image), environment(base_image())
    added = {key for key, value in image_env.items() if base_env.get(key) != value}
    assert added == declared, f"set beyond the Dockerfile's ENV: {added - declared}"


def test_starts_alone_and_docker_stop_exits_zero_within_the_grace_period(image: str) -> None:
    """Without a database URL it serves SQLite from its instance folder; `docker stop` sends
    SIGTERM, and the server (PID 1 through the entrypoint's exec) exits 0, long before the
    grace period would have it killed."""
    container = docker(
        "run", "--detach", "--env", f"SECRET_KEY={secret()}", "--env", "WEB_WORKERS=2", image
    ).stdout.strip()
    try:
        deadline = time.monotonic() + 90
        while (health := inspect("container", container)["State"]["Health"]["Status"]) != "healthy":
            assert health != "unhealthy" and time.monotonic() < deadline, docker(
                "logs", container
            ).stdout
            time.sleep(1)
        grace = 30
        started = time.monotonic()
        docker("stop", "--time", str(grace), container)
        elapsed = time.monotonic() - started
        state = inspect("container", container)["State"]
        assert state["ExitCode"] == 0, (state, docker("logs", container).stdout[-3000:])
        assert elapsed < grace, (
            f"stopped after {elapsed:.1f} s: killed at the end of the grace period"
        )
        FIGURES.append(f"users container: docker stop took {elapsed:.1f} s, exit code 0")
    finally:
        docker("rm", "--force", "--volumes", container, check=False)
