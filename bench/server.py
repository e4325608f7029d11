"""Start a server process, wait until it answers, read its workers' memory, stop it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

HOST = "127.0.0.1"
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    """A server command run for the length of a `with` block; its output goes to a log file
    that is shown if it fails to start."""

    def __init__(
        self, command: Sequence[str], *, port: int, env: Mapping[str, str], cwd: Path
    ) -> None:
        self.command = list(command)
        self.url = f"http://{HOST}:{port}"
        self.env = dict(env)
        self.cwd = cwd
        self.log = tempfile.TemporaryFile()
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(
            self.command, cwd=self.cwd, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self._stop()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop()

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            body: bytes = response.read()
            return body

    def worker_rss_mb(self) -> float:
        """The resident memory of the largest worker process, in MiB."""
        assert self.process is not None
        sizes = [_rss_kib(pid) for pid in _children(self.process.pid)]
        if not sizes:
            raise RuntimeError("the server has no worker processes")
        return max(sizes) / 1024

    def _wait_until_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.command[0]} exited at start:\n{self._log_text()}")
            try:
                self.get("/")
                return
            except urllib.error.HTTPError:
                return  # it answered
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.command[0]} did not answer in time:\n{self._log_text()}")

    def _stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def _log_text(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:]


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # the process has gone
        # Fields after the parenthesised command name: state, ppid, ...
        if int(stat.rpartition(")")[2].split()[1]) == parent:
            found.append(int(entry.name))
    return found


def _rss_kib(pid: int) -> int:
    for line in (Path("/proc") / str(pid) / "status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"process {pid} reports no VmRSS")


def server_environment(**settings: str) -> dict[str, str]:
    """This process's environment plus `settings`, with the venv's bin first on PATH."""
    bin_dir = str(Path(sys.executable).parent)
    env = dict(os.environ, **settings)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    return env
