"""`python -m bench --mode quick|full`: seed, serve, load, and write the results table."""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bench.databases import KINDS, Database, fresh_database, seed
from bench.plan import CEILING, CREATE, PING, PLANS, Plan, Scenario, dataset_scenarios
from bench.report import Row, table, targets
from bench.server import HOST, Server, free_port, server_environment
from bench.wrk import run_wrk

ROOT = Path(__file__).resolve().parent.parent
SERVICE = ROOT / "services" / "users"
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
WORKERS = int(os.environ.get("WEB_WORKERS") or os.cpu_count() or 1)
THREADS = int(os.environ.get("WEB_THREADS") or 4)


def main() -> None:
    # Stopped with SIGTERM (a time-out, `kill`): unwind, so servers stop and databases drop.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("[bench] stopped by SIGTERM"))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mode", choices=sorted(PLANS), default="quick")
    parser.add_argument("--databases", nargs="+", choices=KINDS, help="override the mode's")
    parser.add_argument("--sizes", nargs="+", type=int, help="users per table, override")
    parser.add_argument("--seconds", type=int, help="measured seconds per scenario, override")
    parser.add_argument(
        "--service", type=Path, default=SERVICE, help="a copy of services/users to measure instead"
    )
    options = parser.parse_args()
    plan = PLANS[options.mode]
    plan = replace(
        plan,
        databases=tuple(options.databases or plan.databases),
        sizes=tuple(options.sizes or plan.sizes),
        seconds=options.seconds or plan.seconds,
    )
    started = time.monotonic()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    rows, seeding = run(plan, options.service.resolve())
    notes = [
        f"Service measured: {options.service}. "
        f"Whole run: {(time.monotonic() - started) / 60:.1f} min.",
    ]
    text = render(options.mode, plan, rows, seeding, notes)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{stamp}-{options.mode}.md"
    path.write_text(text)
    print(text)
    print(f"\nWritten to {path.relative_to(ROOT)}")


def run(plan: Plan, service: Path) -> tuple[list[Row], list[str]]:
    """Every scenario of the plan against `service`; also how long each seeding took, as
    lines of text."""
    rows = [measure_ceiling(plan)]
    seeding = []
    env = server_environment(
        APP_SETTINGS="users.config.ProductionConfig",
        SECRET_KEY=secrets.token_urlsafe(48),
        HOST=HOST,
        WEB_WORKERS=str(WORKERS),
        WEB_THREADS=str(THREADS),
        GRACEFUL_TIMEOUT="5",
        PYTHONPATH=str(service),  # import this copy of `users`, not the one installed
    )
    suffix = f"{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="users-bench-") as sqlite_dir:
        for kind in plan.databases:
            for users in plan.sizes:
                name = f"users_bench_{suffix}"
                with fresh_database(kind, name, Path(sqlite_dir)) as database:
                    seconds = seed(database, users, flask=BIN / "flask", cwd=service, env=env)
                    seeding.append(f"- {kind}, {users:,} users: seeded in {seconds:.1f} s")
                    log(f"{kind}: seeded {users:,} users in {seconds:.1f} s")
                    with_ping = not any(row.scenario == PING for row in rows)
                    rows += measure_dataset(
                        plan, service, database, users, env, with_ping=with_ping
                    )
    return rows, seeding


def measure_ceiling(plan: Plan) -> Row:
    port = free_port()
    command = [
        str(BIN / "granian"), "--interface", "wsgi", "--host", HOST, "--port", str(port),
        "--workers", str(WORKERS), "--blocking-threads", str(THREADS), "--no-ws",
        "bench.ceiling:app",
    ]  # fmt: skip
    with Server(command, port=port, env=server_environment(), cwd=ROOT) as server:
        return measure(plan, server, Scenario(CEILING, "fixed_path.lua"), "-", None)


def measure_dataset(
    plan: Plan,
    service: Path,
    database: Database,
    users: int,
    env: dict[str, str],
    *,
    with_ping: bool,
) -> list[Row]:
    port = free_port()
    env = dict(env, PORT=str(port), DATABASE_URL=database.url)
    max_id = database.max_user_id()
    rows = []
    with Server([str(service / "bin" / "serve")], port=port, env=env, cwd=service) as server:
        if with_ping:
            rows.append(measure(plan, server, Scenario(PING, "fixed_path.lua", "/ping"), "-", None))
        for scenario in dataset_scenarios(users=users, max_id=max_id):
            if scenario.label == CREATE:
                rows.append(measure_create(plan, server, database, users))
            else:
                rows.append(measure(plan, server, scenario, database.kind, users))
    return rows


def measure(
    plan: Plan, server: Server, scenario: Scenario, database: str, users: int | None
) -> Row:
    url = server.url + scenario.path
    run_wrk(url, scenario.script, scenario.args, plan.warmup_seconds)
    load = run_wrk(url, scenario.script, scenario.args, plan.seconds)
    log(
        f"{scenario.label}, {database}, {users or '-'} users: {load.requests_per_second:,.0f} req/s"
    )
    return Row(scenario.label, database, users, load, server.worker_rss_mb())


def measure_create(plan: Plan, server: Server, database: Database, users: int) -> Row:
    """POST /users, then check that every user acknowledged with a 201 is in the table."""
    run_wrk(server.url, "post_user.lua", (f"warm{os.getpid()}",), plan.warmup_seconds)
    before = database.count_users()
    load = run_wrk(server.url, "post_user.lua", (f"run{os.getpid()}",), plan.seconds)
    added = database.count_users() - before
    # Requests still in flight when wrk stops may be stored without wrk reading the 201.
    verdict = "all present" if added >= load.created else f"MISSING {load.created - added:,}"
    note = f"201s: {load.created:,}, rows added: {added:,} ({verdict})"
    log(f"{CREATE}, {database.kind}, {users} users: {load.requests_per_second:,.0f} req/s, {note}")
    return Row(CREATE, database.kind, users, load, server.worker_rss_mb(), note)


def render(mode: str, plan: Plan, rows: list[Row], seeding: list[str], notes: list[str]) -> str:
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    granian = subprocess.run([str(BIN / "granian"), "--version"], capture_output=True, text=True)
    return "\n".join(
        [
            f"# Benchmark, {mode} mode, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "",
            f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python "
            f"{platform.python_version()}, {granian.stdout.strip()}, "
            f"{wrk_version.splitlines()[0] if wrk_version else 'wrk'}.",
            f"Server: services/users/bin/serve, ProductionConfig, WEB_WORKERS={WORKERS}, "
            f"WEB_THREADS={THREADS}; the ceiling is bench/ceiling.py under granian with the "
            "same workers and threads.",
            f"Load: wrk, 2 threads, 64 connections, {plan.warmup_seconds} s warm-up then "
            f"{plan.seconds} s measured per scenario, on {HOST}.",
            *notes,
            "",
            table(rows),
            "",
            "Targets of issue 6 (MariaDB unless said):",
            "",
            targets(rows),
            "",
            "Seeding (`flask seed-db`, the app's batched insert):",
            "",
            *seeding,
            "",
        ]
    )


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
