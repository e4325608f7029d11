"""Real server processes for the tests that need one: a free port, waiting for it to answer,
stopping it with its whole process group."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

SERVICE_DIR = Path(__file__).resolve().parent.parent
REPOSITORY = SERVICE_DIR.parent.parent


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


@contextmanager
def running(
    command: list[str],
    *,
    port: int,
    env: Mapping[str, str],
    log: Path,
    cwd: Path = SERVICE_DIR,
    timeout: float = 30,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `command` (a server for 127.0.0.1:`port`) in a process group of its own until the
    block ends; it has answered `/ping` when the block starts. Its output goes to `log`, and
    is shown if it never answers."""
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=dict(env),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        try:
            wait_for(f"http://127.0.0.1:{port}/ping", process, timeout)
        except (RuntimeError, TimeoutError) as error:
            raise AssertionError(f"{error}\n{log.read_text(errors='replace')[-3000:]}") from None
        yield process
    finally:
        stop(process)
