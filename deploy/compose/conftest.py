"""Docker Compose stacks for `make compose-e2e`: built, started, inspected and removed.

Each stack runs under a compose project name of its own (`flaskms-e2e-prod`,
`flaskms-e2e-dev`), so nothing here touches another project's containers, networks or volumes,
and `down -v` removes exactly what the stack made. Secrets are generated per run into a
temporary env file, never into the repository. The builds run with `network: host` through
an override file made here: this machine's containers reach the package registries only from
the host's network; the project's compose files stay as a user runs them.

A failing test shows the stack's container logs in its report; every phase's time is printed
at the end of the run.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import checks

ROOT = checks.ROOT
PHASES: list[tuple[str, float]] = []  # (name, seconds), printed at the end of the run
FIGURES: list[str] = []  # measurements (image sizes, stop times), printed at the end too
STACKS: list[Stack] = []  # the stacks up now, whose logs a failure shows


@contextmanager
def phase(name: str) -> Iterator[None]:
    """Time a phase of the run; it is listed at the end, failed or not."""
    start = time.monotonic()
    try:
        yield
    finally:
        PHASES.append((name, time.monotonic() - start))


def run(
    *command: str, timeout: float = 600, check: bool = True, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command (`stdin`: text for its standard input); a failure shows its output."""
    result = subprocess.run(
        command,
        input=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        # A pytest run's failures section, else the tail: the tail of a long run may be
        # nothing but skip reasons. Then pytest's own verdicts.
        failures = result.stdout.partition("= FAILURES =")[2].partition("short test summary")[0]
        verdicts = [
            line for line in result.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))
        ]
        pytest.fail(
            f"`{' '.join(command)}` exited {result.returncode}:\n"
            + (failures[:8000] or result.stdout[-6000:])
            + ("\n\nFailed or in error:\n" + "\n".join(verdicts) if verdicts else "")
        )
    return result


def docker(*arguments: str, **options: Any) -> subprocess.CompletedProcess[str]:
    return run("docker", *arguments, **options)


def inspect(kind: str, name: str) -> Any:
    return json.loads(docker(kind, "inspect", name).stdout)[0]


@dataclass
class Stack:
    """One compose project: its files, its generated env file, and the commands on it."""

    project: str
    compose_file: str
    directory: Path  # where the env file and the build override are written
    environment: dict[str, str]
    build_services: list[str]
    files: list[str] = field(init=False)
    env_file: Path = field(init=False)

    # More for the override file, per service: what the test needs beyond the build network.
    service_overrides: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        env_file = self.directory / ".env"
        env_file.write_text("".join(f"{key}={value}\n" for key, value in self.environment.items()))
        services: dict[str, dict[str, Any]] = {
            name: {"build": {"network": "host"}} for name in self.build_services
        }
        for name, extra in self.service_overrides.items():
            services.setdefault(name, {}).update(extra)
        override = self.directory / "override.yml"
        override.write_text(json.dumps({"services": services}))  # JSON is YAML
        self.files = ["-f", str(ROOT / self.compose_file), "-f", str(override)]
        self.env_file = env_file

    def compose(self, *arguments: str, **options: Any) -> subprocess.CompletedProcess[str]:
        return run(
            "docker-compose",
            *("--project-name", self.project, "--project-directory", str(ROOT)),
            *("--env-file", str(self.env_file), *self.files),
            *arguments,
            **options,
        )

    def containers(self, service: str | None = None, *, every: bool = False) -> list[str]:
        """Container ids of the project (or one service), running only unless `every`."""
        filters = ["--filter", f"label=com.docker.compose.project={self.project}"]
        if service:
            filters += ["--filter", f"label=com.docker.compose.service={service}"]
        listing = docker("ps", "--quiet", "--no-trunc", *(["--all"] if every else []), *filters)
        return listing.stdout.split()

    def logs(self) -> str:
        return self.compose("logs", "--no-color", "--tail=150", check=False).stdout

    def wait_healthy(self, service: str, seconds: float = 120) -> list[dict[str, Any]]:
        """Every container of `service` healthy (its HEALTHCHECK passing) within `seconds`."""
        deadline = time.monotonic() + seconds
        while True:
            every = self.containers(service, every=True)
            states = [inspect("container", cid)["State"] for cid in every]
            if exited := [state for state in states if state["Status"] == "exited"]:
                pytest.fail(f"{service} exited instead of becoming healthy: {exited}")
            if states and all(
                state.get("Health", {}).get("Status") == "healthy" for state in states
            ):
                return states
            if time.monotonic() > deadline:
                pytest.fail(f"{service} not healthy within {seconds} s: {states}")
            time.sleep(1)

    def down(self) -> list[str]:
        """`down -v`, then whatever of the project is still there (should be nothing)."""
        self.compose("down", "--volumes", "--remove-orphans", "--timeout", "40", check=False)
        label = f"label=com.docker.compose.project={self.project}"
        return [
            f"{kind} {name}"
            for kind, listing in (
                ("container", docker("ps", "-aq", "--filter", label)),
                ("network", docker("network", "ls", "-q", "--filter", label)),
                ("volume", docker("volume", "ls", "-q", "--filter", label)),
            )
            for name in listing.stdout.split()
        ]


def secret() -> str:
    # Hex: no character that a database URL or an env file would need escaped.
    return secrets.token_hex(24)


def production_environment(**more: str) -> dict[str, str]:
    """What docker-compose.prod.yml requires from .env, generated for one run."""
    return {
        "SECRET_KEY": secret(),
        "MYSQL_ROOT_PASSWORD": secret(),
        "MYSQL_USER": "users",
        "MYSQL_PASSWORD": secret(),
        **more,
    }


@pytest.fixture(scope="module")
def stack_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Makes stacks and takes each one down at the end of the module, even after a failure;
    what `down -v` leaves behind fails the run."""
    stacks: list[Stack] = []

    def make(**arguments: Any) -> Stack:
        stack = Stack(directory=tmp_path_factory.mktemp(arguments["project"]), **arguments)
        stack.down()  # what an interrupted earlier run may have left
        stacks.append(stack)
        STACKS.append(stack)
        return stack

    yield make
    leftovers = []
    for stack in stacks:
        STACKS.remove(stack)
        with phase(f"{stack.project}: down -v"):
            leftovers += stack.down()
    assert leftovers == [], f"left behind after down -v: {leftovers}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A failed test (or fixture) shows the logs of the stacks that are up."""
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for stack in STACKS:
            report.sections.append((f"{stack.project} container logs", stack.logs()))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    terminalreporter.section("compose-e2e phases")
    for name, seconds in PHASES:
        terminalreporter.write_line(f"{seconds:7.1f} s  {name}")
    terminalreporter.write_line(f"{sum(s for _, s in PHASES):7.1f} s  total of the phases above")
    for line in FIGURES:
        terminalreporter.write_line(line)


def image_size_mb(image: str) -> float:
    return float(inspect("image", image)["Size"]) / 1e6


def compose_image(project: str, service: str) -> str:
    """The image compose 1.x builds for a service: <project>_<service>."""
    return f"{project}_{service}"


os.environ.setdefault("COMPOSE_HTTP_TIMEOUT", "180")  # builds on 2 cores outlast the default 60 s
