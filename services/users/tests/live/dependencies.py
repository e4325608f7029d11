"""Database and Redis servers of a test's own, on free ports, that it may freeze (SIGSTOP),
thaw, kill and restart: real faults, without touching the machine's own servers.

MariaDB and Redis start in about a second. PostgreSQL refuses to run as root, so it runs as the
`postgres` user (`runuser`), in a data directory that user owns.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.servers import free_port

POSTGRES_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), Path("/nonexistent"))
START_SECONDS = 30


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port} after {START_SECONDS} s")


def descendants(pid: int) -> list[int]:
    table = subprocess.run(["ps", "-eo", "pid=,ppid="], capture_output=True, text=True).stdout
    children: dict[int, list[int]] = {}
    for line in table.splitlines():
        child, parent = (int(field) for field in line.split())
        children.setdefault(parent, []).append(child)
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


@dataclass
class Server:
    """One server process group; `url` is for the app, `start` runs it (again)."""

    name: str
    command: list[str]
    port: int
    url: str
    log: Path
    # A command that succeeds once the server answers queries: a listening port comes first
    # (MariaDB listens while it still recovers), and a test's "after the restart" means this.
    ready_command: list[str] | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)

    def start(self) -> None:
        with open(self.log, "ab") as output:
            self.process = subprocess.Popen(
                self.command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_for_port(self.port, self.process, self.log)
        if self.ready_command:
            self.wait_until_ready(self.ready_command)

    def wait_until_ready(self, command: list[str]) -> None:
        deadline = time.monotonic() + START_SECONDS
        while subprocess.run(command, capture_output=True, timeout=START_SECONDS).returncode:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name} answers no query after {START_SECONDS} s")
            time.sleep(0.1)

    def signal(self, number: int) -> None:
        """To the whole tree: PostgreSQL's processes each start a session of their own."""
        assert self.process is not None
        for pid in [self.process.pid, *descendants(self.process.pid)]:
            try:
                os.kill(pid, number)
            except ProcessLookupError:
                pass

    def freeze(self) -> None:
        """Stopped, not dead: connections stay open and the kernel keeps acknowledging."""
        self.signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.signal(signal.SIGCONT)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.signal(signal.SIGCONT)
            self.signal(signal.SIGKILL)
            self.process.wait(timeout=30)


@contextmanager
def redis_server(directory: Path) -> Iterator[Server]:
    """Keeps nothing on disk, as compose and Kubernetes run it: a restart starts empty."""
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", str(directory)]  # fmt: skip
    server = Server("redis", command, port, f"redis://127.0.0.1:{port}/0", directory / "redis.log")
    server.start()
    try:
        yield server
    finally:
        server.kill()


@contextmanager
def mariadb_server(directory: Path) -> Iterator[Server]:
    data = directory / "mariadb"
    subprocess.run(
        ["mariadb-install-db", "--no-defaults", f"--datadir={data}", "--user=root",
         "--auth-root-authentication-method=normal", "--skip-test-db"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    port = free_port()
    command = ["mariadbd", "--no-defaults", f"--datadir={data}", f"--port={port}",
               "--bind-address=127.0.0.1", f"--socket={directory / 'mariadb.sock'}",
               f"--pid-file={directory / 'mariadb.pid'}", "--user=root", "--skip-log-bin",
               "--innodb-buffer-pool-size=16M"]  # fmt: skip
    url = f"mysql+mysqldb://root@127.0.0.1:{port}/users"
    ready = ["mariadb", "-h127.0.0.1", f"-P{port}", "-uroot", "-e", "SELECT 1"]
    server = Server("mariadb", command, port, url, directory / "mariadb.log", ready)
    server.start()
    try:
        subprocess.run(
            ["mariadb", "-h127.0.0.1", f"-P{port}", "-uroot", "-e",
             "CREATE DATABASE users CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"],
            check=True, capture_output=True, timeout=30,
        )  # fmt: skip
        yield server
    finally:
        server.kill()


@contextmanager
def postgres_server(directory: Path) -> Iterator[Server]:
    """In a directory of its own under /tmp: the `postgres` user cannot enter pytest's."""
    home = Path(tempfile.mkdtemp(prefix="users-postgres-"))
    home.chmod(0o755)
    data = home / "data"
    data.mkdir()
    shutil.chown(data, "postgres")
    as_postgres = ["runuser", "-u", "postgres", "--"]
    try:
        subprocess.run(
            [*as_postgres, str(POSTGRES_BIN / "initdb"), "-D", str(data), "-U", "postgres",
             "--auth=trust", "-E", "UTF8"],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        port = free_port()
        command = [*as_postgres, str(POSTGRES_BIN / "postgres"), "-D", str(data),
                   "-p", str(port), "-k", str(data), "-c", "listen_addresses=127.0.0.1",
                   "-c", "fsync=off"]  # fmt: skip
        url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        # PostgreSQL listens before it takes queries ("the database system is starting up").
        ready = [str(POSTGRES_BIN / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(port)]
        server = Server("postgresql", command, port, url, directory / "postgres.log", ready)
        server.start()
        try:
            yield server
        finally:
            server.kill()
    finally:
        shutil.rmtree(home, ignore_errors=True)
