"""The client's image on its own (client/Dockerfile: Node builds it, nginx serves it)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from conftest import FIGURES, ROOT, docker, image_size_mb, inspect, phase
from loopback import Http, free_port

IMAGE = "flaskms-e2e-client"


@pytest.fixture(scope="module")
def client() -> Iterator[tuple[str, Http]]:
    with phase("client: build the image"):
        # The classic builder with the host's network, as the compose stacks build here.
        docker("build", "--network", "host", "--tag", IMAGE, str(ROOT / "client"), timeout=1800)
    FIGURES.append(f"client image: {image_size_mb(IMAGE):.0f} MB")
    port = free_port()
    # Labelled as a compose project's, so that `make compose-e2e`'s clean-up (remove-projects)
    # removes it too after an interrupted run.
    label = f"com.docker.compose.project={IMAGE}"
    container = docker(
        "run", "--detach", "--label", label, "--publish", f"127.0.0.1:{port}:80", IMAGE
    ).stdout.strip()
    try:
        yield container, Http(port)
    finally:
        docker("rm", "--force", "--volumes", container, check=False)


def test_serves_the_built_page(client: tuple[str, Http]) -> None:
    _, http = client
    page = http.wait("/")
    assert page.headers["Content-Type"].startswith("text/html")
    assert b"<script" in page.body, "the page loads no script: the build did not reach it"


def test_docker_stop_exits_zero_within_the_grace_period(client: tuple[str, Http]) -> None:
    container, http = client
    http.wait("/")
    started = time.monotonic()
    docker("stop", "--time", "10", container)
    elapsed = time.monotonic() - started
    state = inspect("container", container)["State"]
    assert state["ExitCode"] == 0 and elapsed < 10, (elapsed, state)
