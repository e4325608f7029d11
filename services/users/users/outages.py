"""When a dependency (the database, Redis) is down, frozen or slow: answer 503 fast, recover by
itself.

- **Deadline.** A request (or its background job, see `bounded`) may hold a database
  connection for `DATABASE_TIMEOUT` seconds. A watchdog thread cuts the socket of one held
  longer, so the driver blocked on it raises at once: psycopg has no client-side read timeout,
  and a frozen server (stopped, not dead) keeps acknowledging TCP, so nothing else would ever
  end the wait. The watch starts as soon as a connection is made, so the statements drivers
  run on a new connection (`SET NAMES`, the dialect's first queries) are covered too.
  Connecting itself is bounded apart: the attempt runs on a thread of its own and is given up
  after `DATABASE_CONNECT_TIMEOUT` (the drivers' own timeouts do not all cover the handshake,
  and libpq's cannot go below 2 s). Commands (`flask db upgrade`, `seed-db`) have no deadline:
  a migration may take minutes. Nor do they have a read timeout: MySQL's (`read_timeout`)
  costs mysqlclient a `poll` on every read, 14 µs of each round trip a request makes
  (docs/performance.md), and psycopg has none to give.
- **Breaker.** Once a dependency stopped answering (0.3 s without any answer, against the
  milliseconds its queries take here: a database that slow is overloaded or gone, and shedding
  load is right either way), requests that need it are answered 503 at once for a short
  cool-down; then a single request tries it again. One request's failure (a connection that
  could not be opened in time, or was lost, or was cut at the deadline) opens it only if the
  database does not answer the probe either: a slow handshake on a busy machine, or a lock wait
  cut at the deadline, fails that request alone.
  Without it every request would wait out the deadline, and the server's few threads, stuck
  behind a frozen database, would keep `/health/live` and `/ping` waiting too.
- **Idle ping.** A pooled connection idle for a while is pinged before use, so a database that
  restarted while the app idled costs no request. A busy connection is never pinged, so under
  load this costs nothing (`pool_pre_ping` would cost a round trip on every request).
"""

from __future__ import annotations

import logging
import math
import os
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import has_request_context
from sqlalchemy.engine import Connection

from users.exceptions import DependencyUnavailable

log = logging.getLogger("users.outages")

WATCH_INTERVAL_SECONDS = 0.05
# A request holding a connection this long makes us ask. With the probe's 0.3 s, a frozen
# database is cut off well within a second, so /health/live never waits a second for a thread.
CHECK_AFTER_SECONDS = 0.3
PROBE_SECONDS = 0.3  # a database that does not answer `SELECT 1` in this long is not answering
RECENT_ANSWER_SECONDS = 0.2  # ... unless some request got an answer this recently
# The errors that mean "the database is not answering", as opposed to a bug or a conflict.
DATABASE_OUTAGES = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)
STOPPED_ANSWERING = "the database stopped answering"


_bounded = ContextVar("database_deadline_outside_requests", default=False)


@contextmanager
def bounded() -> Iterator[None]:
    """Work outside a request that must not hang on a frozen database either (a request's
    background job): its connections get the deadline too."""
    token = _bounded.set(True)
    try:
        yield
    finally:
        _bounded.reset(token)


@dataclass
class Breaker:
    """Open for `cool_down` seconds after a failure; then the first request through is a
    probe, and the others keep failing fast until it has answered."""

    name: str
    cool_down: float
    open_until: float = 0.0
    probing: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def retry_after(self) -> int:
        return max(1, math.ceil(self.cool_down))

    def unavailable(self, reason: str = "failing fast") -> DependencyUnavailable:
        return DependencyUnavailable(self.name, self.retry_after, reason)

    def check(self) -> None:
        """Raise `DependencyUnavailable` unless this request may use the dependency."""
        if not self.open_until:  # closed: the fast path, without the lock
            return
        with self.lock:
            if self.open_until and (time.monotonic() < self.open_until or self.probing):
                raise self.unavailable()
            self.probing = True

    def failed(self) -> None:
        with self.lock:
            self.open_until = time.monotonic() + self.cool_down
            self.probing = False

    def succeeded(self) -> None:
        if self.open_until:
            with self.lock:
                if self.open_until:
                    log.warning("%s answers again", self.name)
                self.open_until, self.probing = 0.0, False


class Prober:
    """Does the database answer? Yes if any request got an answer from it within the last
    `recent` seconds (under load, others' queries keep finishing: no probe at all); otherwise
    `SELECT 1`, bounded, on a connection of its own (kept open and pinged before use; not the
    pool's, which the very requests in question may hold). Opening that connection has the
    connect timeout besides: a slow handshake on a busy machine is not a database that stopped
    answering."""

    def __init__(
        self, engine: sa.Engine, *, timeout: float, connect_timeout: float, recent: float
    ) -> None:
        self.engine = engine
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.recent = recent
        self.answered_at = -math.inf
        self.threads = ThreadPoolExecutor(max_workers=2, thread_name_prefix="db-probe")
        self.pending: set[Future[None]] = set()  # attempts still running, for `close`

    def note_answer(self) -> None:
        """A request's query finished: the database answers (a float stored, no lock)."""
        self.answered_at = time.monotonic()

    def answers(self) -> bool:
        if time.monotonic() - self.answered_at < self.recent:
            return True
        connected = self.engine.pool.checkedin() > 0  # type: ignore[attr-defined]
        attempt = self._attempt()
        try:
            attempt.result(timeout=self.timeout + (0 if connected else self.connect_timeout))
        except Exception:  # no answer in time, or an error: either way, not answering
            return False
        self.answered_at = time.monotonic()
        return True

    def connect_ahead(self) -> None:
        """Open the probe's connection now, in the background, so that the first probe (a
        database freezing) costs a query and not a handshake too. Errors are the probe's."""
        self._attempt()

    def close(self) -> None:
        """Close the probe's connection, once the attempts still running have given theirs
        back (one returned after would stay open)."""
        wait(self.pending.copy(), timeout=self.connect_timeout + self.timeout)
        self.engine.dispose()

    def _attempt(self) -> Future[None]:
        attempt = self.threads.submit(self._select_one)
        self.pending.add(attempt)
        attempt.add_done_callback(self.pending.discard)
        return attempt

    def _select_one(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))


@dataclass
class Deadlines:
    """The database connections requests hold: checked after `check_after` seconds, then
    again every `check_after`; cut once the database does not answer a probe, or after
    `limit` seconds whatever it answers."""

    check_after: float
    limit: float
    prober: Prober
    # id of the pool's record -> (next check, limit, socket, thread holding it)
    held: dict[int, tuple[float, float, int, int]] = field(default_factory=dict)
    cut_threads: dict[int, str] = field(default_factory=dict)  # thread -> why cut
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    watcher: threading.Thread | None = None
    stopping: threading.Event = field(default_factory=threading.Event)

    def on_checkout(self, dbapi_connection: Any, record: Any, *_proxy: Any) -> None:
        """Start watching the connection (for the pool's `connect` and `checkout` events)."""
        fd = socket_of(dbapi_connection)
        if fd is None or not (has_request_context() or _bounded.get()):  # SQLite; commands
            return
        now = time.monotonic()
        entry = (now + self.check_after, now + self.limit, fd, threading.get_ident())
        with self.lock:
            self.held[id(record)] = entry
            if self.watcher is None:  # started on first use, in the worker process itself
                self.stopping = threading.Event()
                self.watcher = threading.Thread(
                    target=self.watch, args=(self.stopping,), name="deadline", daemon=True
                )
                self.watcher.start()
                self.prober.connect_ahead()

    def on_checkin(self, _dbapi_connection: Any, record: Any, *_exception: Any) -> None:
        with self.lock:
            self.held.pop(id(record), None)

    def cut_reason(self) -> str | None:
        """Why this thread's connection was cut by the deadline, if it was (and forget it)."""
        with self.lock:
            return self.cut_threads.pop(threading.get_ident(), None)

    def forget_thread(self) -> str | None:
        """Connecting failed on this thread: stop watching the connection it was setting up
        (a failed connection is never checked in), and say why it was cut, if it was."""
        ident = threading.get_ident()
        with self.lock:
            for key in [key for key, (*_, thread) in self.held.items() if thread == ident]:
                del self.held[key]
            return self.cut_threads.pop(ident, None)

    def stop(self) -> None:
        """The app is disposed: its watcher ends (a later connection starts another)."""
        with self.lock:
            self.stopping.set()
            self.watcher = None

    def watch(self, stopping: threading.Event) -> None:
        while not stopping.wait(WATCH_INTERVAL_SECONDS):
            now = time.monotonic()
            with self.lock:
                due = any(check <= now for check, *_ in self.held.values())
            if not due:
                continue
            answering = self.prober.answers()  # outside the lock: it takes a while
            now = time.monotonic()
            with self.lock:  # a connection released meanwhile is gone from here: never cut
                for key, (check, limit, fd, thread) in list(self.held.items()):
                    if check > now:
                        continue
                    if answering and now < limit:  # busy (a lock wait, a load): let it be
                        self.held[key] = (now + self.check_after, limit, fd, thread)
                        continue
                    del self.held[key]
                    too_long = f"held a connection past {self.limit:g} s"
                    self.cut_threads[thread] = too_long if answering else STOPPED_ANSWERING
                    shut_down(fd)


def socket_of(dbapi_connection: Any) -> int | None:
    """The socket under a driver's connection: psycopg and mysqlclient say it, PyMySQL keeps
    it; SQLite has none."""
    if hasattr(dbapi_connection, "fileno"):
        return int(dbapi_connection.fileno())
    sock = getattr(dbapi_connection, "_sock", None)
    return None if sock is None else int(sock.fileno())


def shut_down(fd: int) -> None:
    """End the connection on `fd` both ways: the driver blocked on it sees the end at once. On
    a duplicate descriptor, so that the driver still closes its own."""
    try:
        with socket.socket(fileno=os.dup(fd)) as duplicate:
            duplicate.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # closed meanwhile: nothing left to cut


def note_returned(_dbapi_connection: Any, record: Any) -> None:
    record.info["returned_at"] = time.monotonic()


@dataclass(frozen=True)
class IdlePing:
    seconds: float

    def on_checkout(self, dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        """A connection idle for a while may belong to a database that has restarted since:
        ping it; raising `DisconnectionError` makes the pool connect afresh."""
        returned_at = record.info.get("returned_at")
        if returned_at is None or time.monotonic() - returned_at < self.seconds:
            return
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
        except Exception as error:  # any driver's error: this connection is unusable
            raise sa.exc.DisconnectionError(str(error)) from error


# More threads than may ever connect at once (each request thread holds one connection, plus
# the probe's): an attempt that waited in this queue would spend its timeout there. With 8,
# 16-thread workers under a burst answered 503 "no connection within 1 s" on a busy machine.
# Threads are started only as needed.
_connecting = ThreadPoolExecutor(max_workers=64, thread_name_prefix="db-connect")


@dataclass(frozen=True)
class BoundedConnect:
    seconds: float

    def do_connect(self, dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
        """SQLAlchemy's hook for making a DBAPI connection: make it within `seconds`, or
        raise the driver's own OperationalError (which SQLAlchemy wraps as usual)."""
        attempt = _connecting.submit(dialect.connect, *cargs, **cparams)
        try:
            return attempt.result(timeout=self.seconds)
        except FutureTimeout:
            attempt.add_done_callback(_close_late_arrival)
            message = f"no connection within {self.seconds:g} s"
            raise dialect.loaded_dbapi.OperationalError(message) from None


def _close_late_arrival(attempt: Future[Any]) -> None:
    if attempt.exception() is None:
        attempt.result().close()


@dataclass
class Database:
    """The app's engine with its deadline and breaker: the one way to a connection."""

    engine: sa.Engine
    deadlines: Deadlines
    breaker: Breaker

    @classmethod
    def guard(
        cls,
        engine: sa.Engine,
        *,
        timeout: float,
        connect_timeout: float,
        cool_down: float,
        idle_ping: float,
        connect_args: dict[str, Any],
    ) -> Database:
        bounded_connect = BoundedConnect(connect_timeout).do_connect
        probe_engine = sa.create_engine(
            engine.url,
            poolclass=sa.pool.QueuePool,  # one connection kept open, whatever the dialect's default
            pool_size=1,
            max_overflow=0,
            pool_pre_ping=True,  # after a restart: a new connection, not a false alarm
            connect_args=connect_args,
        )
        sa.event.listen(probe_engine, "do_connect", bounded_connect)
        prober = Prober(
            probe_engine,
            timeout=PROBE_SECONDS,
            connect_timeout=connect_timeout,
            recent=RECENT_ANSWER_SECONDS,
        )
        # The probe keeps a connection open: `dispose` closes it. (Not an `engine_disposed`
        # listener: any engine-level listener makes SQLAlchemy dispatch connection events on
        # every begin, execute and rollback: 107 more calls per GET /users/<id>, see
        # docs/performance.md.)
        deadlines = Deadlines(CHECK_AFTER_SECONDS, timeout, prober)
        database = cls(engine, deadlines, Breaker("database", cool_down))
        if engine.dialect.name != "sqlite":  # no socket to freeze; lock waits: busy_timeout
            sa.event.listen(engine, "do_connect", bounded_connect)
            # Before the dialect's own listeners, which run statements on the new connection.
            for made in ("first_connect", "connect"):
                sa.event.listen(engine, made, database.deadlines.on_checkout, insert=True)
            sa.event.listen(engine, "checkout", database.deadlines.on_checkout)
            sa.event.listen(engine, "checkout", IdlePing(idle_ping).on_checkout)
            sa.event.listen(engine, "checkin", database.deadlines.on_checkin)
            sa.event.listen(engine, "checkin", note_returned)
            sa.event.listen(engine, "invalidate", database.deadlines.on_checkin)
        return database

    @contextmanager
    def connection(self, *, transaction: bool) -> Iterator[Connection]:
        """A connection (in a transaction that commits when the block ends normally, if asked),
        or `DependencyUnavailable` when the database is down, frozen or failing fast."""
        self.breaker.check()
        try:
            connection = self.engine.connect()
        except DATABASE_OUTAGES as error:  # could not connect, or set the connection up
            raise self.outage(self.deadlines.forget_thread() or _reason(error)) from None
        try:
            with connection:
                if transaction:
                    with connection.begin():
                        yield connection
                else:
                    yield connection
        except DATABASE_OUTAGES as error:
            raise self.outage(self.deadlines.cut_reason() or _reason(error)) from None
        except BaseException:
            self.answered()  # the database answered; the error is the request's own
            raise
        self.answered()

    def outage(self, reason: str) -> DependencyUnavailable:
        """This request cannot be served: open the breaker if the database stopped answering
        (known when the deadline cut for that; asked of the probe otherwise), or else close it
        (ending the probe of a half-open breaker)."""
        if reason != STOPPED_ANSWERING and self.deadlines.prober.answers():
            self.breaker.succeeded()
        else:
            self.breaker.failed()
        return self.breaker.unavailable(reason)

    def dispose(self) -> None:
        """Close every connection this app holds, the pool's and the probe's, and stop
        watching them."""
        self.deadlines.stop()
        self.engine.dispose()
        self.deadlines.prober.close()

    def answered(self) -> None:
        self.deadlines.prober.note_answer()
        self.breaker.succeeded()


def _reason(error: BaseException) -> str:
    orig = getattr(error, "orig", None) or error
    return " ".join(str(orig).split())[:200]
