"""Prometheus metrics at `/metrics`, summed over the server's worker processes.

`bin/serve` sets `PROMETHEUS_MULTIPROC_DIR`: every worker then writes its samples to files
there, and whichever worker answers `/metrics` reads them all (prometheus-client's
multiprocess mode). Without it (`make run`, the tests), one process's own registry.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import threading
import time
import weakref
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter(
    "users_http_requests_total",
    "Requests answered, by route template, method and status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "users_http_request_duration_seconds",
    "Time to answer a request, by route template.",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
POOL_IN_USE = Gauge(
    "users_db_pool_connections_in_use",
    "Database connections checked out of the pools.",
    multiprocess_mode="livesum",
)
LATENCY_BOUNDS = LATENCY._upper_bounds  # the buckets' upper bounds, +Inf last
LOGINS = Counter("users_logins_total", "Login attempts, by outcome.", ["outcome"])
RATE_LIMITED = Counter("users_rate_limited_total", "Requests refused by a rate limit (429).")

_GAUGE_FILE = re.compile(r"gauge_livesum_(\d+)\.db")

bp = Blueprint("metrics", __name__)


PUBLISH_SECONDS = 1.0
log = logging.getLogger(__name__)


@dataclass
class Tally:
    """Requests counted in memory and published to prometheus-client once a second, by a
    thread of each worker's own (and at once before this process answers `/metrics`), with
    the pools' connections in use read off the pools at the same moment.

    Why not straight to prometheus-client: in multiprocess mode every change of a value takes
    a lock, a `getpid()` and an mmap write, and a request made five (the counter, the
    histogram's bucket and sum, the pool gauge up and down): CPU per in-process `GET /ping`
    went from 110-113 to 104 µs with this and the route noted by the request class
    (docs/performance.md). The cost: another worker's last second shows up to a second late.
    """

    lock: threading.Lock = field(default_factory=threading.Lock)
    # (route, method, status) -> [count, seconds in all, count per latency bucket]
    pending: dict[tuple[str, str, str], list[Any]] = field(default_factory=dict)
    pools: weakref.WeakSet[sa.QueuePool] = field(default_factory=weakref.WeakSet)
    publisher: threading.Thread | None = None

    def record(self, key: tuple[str, str, str], seconds: float) -> None:
        bucket = bisect_left(LATENCY_BOUNDS, seconds)  # the first bound >= seconds
        with self.lock:
            entry = self.pending.get(key)
            if entry is None:
                entry = self.pending[key] = [0, 0.0, [0] * len(LATENCY_BOUNDS)]
                if self.publisher is None:  # started on first use, in the worker itself
                    self.publisher = threading.Thread(
                        target=self.publish_every_second, name="metrics", daemon=True
                    )
                    self.publisher.start()
            entry[0] += 1
            entry[1] += seconds
            entry[2][bucket] += 1

    def publish(self) -> None:
        with self.lock:
            pending, self.pending = self.pending, {}
        for (route, method, status), (count, seconds, buckets) in pending.items():
            REQUESTS.labels(route, method, status).inc(count)
            # What `Histogram.observe` does for one amount, for many at once.
            latency = LATENCY.labels(route)
            latency._sum.inc(seconds)
            for index, in_bucket in enumerate(buckets):
                if in_bucket:
                    latency._buckets[index].inc(in_bucket)
        POOL_IN_USE.set(sum(pool.checkedout() for pool in self.pools))

    def publish_every_second(self) -> None:
        while True:
            time.sleep(PUBLISH_SECONDS)
            try:
                self.publish()
            except Exception:  # a bug here must not end publishing for good
                log.exception("publishing metrics failed")


tally = Tally()
atexit.register(tally.publish)  # a worker stopping publishes its last second


@bp.get("/metrics")
def metrics() -> Response:
    """The Prometheus text format; not routed by the public nginx server block."""
    tally.publish()
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory is None:
        registry = REGISTRY
    else:
        forget_dead_workers(Path(directory))
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def forget_dead_workers(directory: Path) -> None:
    """A worker killed without a goodbye (granian respawns it) leaves its last pool gauge
    behind; drop the gauges of processes that are gone, so the sum counts live ones only."""
    for path in directory.glob("gauge_livesum_*.db"):
        match = _GAUGE_FILE.fullmatch(path.name)
        if match and not Path(f"/proc/{match[1]}").exists():
            multiprocess.mark_process_dead(int(match[1]), str(directory))  # type: ignore[no-untyped-call]


def count_pool_use(engine: sa.Engine) -> None:
    """Pools that hand out connections from a queue; SQLite in memory uses one that does not
    count them (it holds a single connection)."""
    if isinstance(engine.pool, sa.QueuePool):
        tally.pools.add(engine.pool)
