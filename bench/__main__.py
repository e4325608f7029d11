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
from contextlib import ExitStack
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bench.databases import KINDS, Database, fresh_database, seed
from bench.plan import CEILING, CREATE, PING, PLANS, Plan, Scenario, dataset_scenarios
from bench.report import AFTER, BEFORE, Row, comparison, table, targets
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
        "--rounds",
        type=int,
        default=1,
        help="measure every scenario this many times (alternating services when comparing) "
        "and keep the median run: on a noisy machine, more rounds steady the figures",
    )
    parser.add_argument(
        "--service", type=Path, default=SERVICE, help="a copy of services/users to measure instead"
    )
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="DIR",
        help="also measure this copy of services/users (say, a checkout of the commit before a "
        "change), scenario by scenario, each on a database it seeds itself, alternating which "
        "goes first",
    )
    options = parser.parse_args()
    plan = PLANS[options.mode]
    plan = replace(
        plan,
        databases=tuple(options.databases or plan.databases),
        sizes=tuple(options.sizes or plan.sizes),
        seconds=options.seconds or plan.seconds,
        rounds=options.rounds,
    )
    started = time.monotonic()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    baseline = options.compare.resolve() if options.compare else None
    rows, seeding = run(plan, options.service.resolve(), baseline)
    notes = [
        f"Service measured: {options.service}"
        + (f" (after), beside {options.compare} (before)" if baseline else "")
        + f". Whole run: {(time.monotonic() - started) / 60:.1f} min.",
    ]
    text = render(options.mode, plan, rows, seeding, notes)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{stamp}-{options.mode}.md"
    path.write_text(text)
    print(text)
    print(f"\nWritten to {path.relative_to(ROOT)}")


def run(plan: Plan, service: Path, baseline: Path | None) -> tuple[list[Row], list[str]]:
    """Every scenario of the plan against `service` (and `baseline`, when comparing); also how
    long each seeding took, as lines of text."""
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
    services = {AFTER: service, BEFORE: baseline} if baseline else {"": service}
    with tempfile.TemporaryDirectory(prefix="users-bench-") as sqlite_dir:
        for kind in plan.databases:
            for users in plan.sizes:
                with ExitStack() as stack:
                    # Each copy migrates and seeds a database of its own: the two may have
                    # different schemas (a column added or dropped between them).
                    databases = {}
                    for label, copy in services.items():
                        name = f"users_bench_{os.getpid()}{label}"
                        database = stack.enter_context(fresh_database(kind, name, Path(sqlite_dir)))
                        copy_env = dict(env, PYTHONPATH=str(copy))
                        seconds = seed(database, users, flask=BIN / "flask", cwd=copy, env=copy_env)
                        which = f" ({label})" if label else ""
                        seeding.append(
                            f"- {kind}, {users:,} users{which}: seeded in {seconds:.1f} s"
                        )
                        log(f"{kind}: seeded {users:,} users{which} in {seconds:.1f} s")
                        databases[label] = database
                    with_ping = not any(row.scenario == PING for row in rows)
                    rows += measure_dataset(
                        plan, services, databases, users, env, with_ping=with_ping
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
    services: dict[str, Path],
    databases: dict[str, Database],
    users: int,
    env: dict[str, str],
    *,
    with_ping: bool,
) -> list[Row]:
    """Each scenario against each service (each on its own database, seeded alike). With two,
    the one measured first alternates from scenario to scenario, so neither always gets the
    warmer or the quieter machine."""
    max_id = min(database.max_user_id() for database in databases.values())
    scenarios = dataset_scenarios(users=users, max_id=max_id)
    if with_ping:
        scenarios.insert(0, Scenario(PING, "fixed_path.lua", "/ping"))
    rows = []
    with ExitStack() as stack:
        servers = {}
        for label, service in services.items():
            port = free_port()
            service_env = dict(
                env, PORT=str(port), DATABASE_URL=databases[label].url, PYTHONPATH=str(service)
            )
            command = [str(service / "bin" / "serve")]
            servers[label] = stack.enter_context(
                Server(command, port=port, env=service_env, cwd=service)
            )
        turn = 0
        for scenario in scenarios:
            runs: dict[str, list[Row]] = {label: [] for label in servers}
            for _ in range(plan.rounds):
                order = list(servers.items())
                for label, server in order[turn % len(order) :] + order[: turn % len(order)]:
                    if scenario.label == CREATE:
                        row = measure_create(plan, server, databases[label], users, label)
                    elif scenario.label == PING:
                        row = measure(plan, server, scenario, "-", None, label)
                    else:
                        row = measure(plan, server, scenario, databases[label].kind, users, label)
                    runs[label].append(row)
                turn += 1
            rows += [median_run(measured) for measured in runs.values()]
    return rows


def median_run(rows: list[Row]) -> Row:
    """The run with the median rate (the upper one of an even count)."""
    return sorted(rows, key=lambda row: row.load.requests_per_second)[len(rows) // 2]


def measure(
    plan: Plan,
    server: Server,
    scenario: Scenario,
    database: str,
    users: int | None,
    service: str = "",
) -> Row:
    url = server.url + scenario.path
    run_wrk(url, scenario.script, scenario.args, plan.warmup_seconds)
    load = run_wrk(url, scenario.script, scenario.args, plan.seconds)
    log(
        f"{scenario.label}{f' ({service})' if service else ''}, {database}, {users or '-'} "
        f"users: {load.requests_per_second:,.0f} req/s"
    )
    return Row(scenario.label, database, users, load, server.worker_rss_mb(), service=service)


def measure_create(
    plan: Plan, server: Server, database: Database, users: int, service: str = ""
) -> Row:
    """POST /users, then check that every user acknowledged with a 201 is in the table."""
    # Addresses no earlier run on this database used (the rounds before this one).
    tag = f"{os.getpid()}{service}{secrets.token_hex(4)}"
    run_wrk(server.url, "post_user.lua", (f"warm{tag}",), plan.warmup_seconds)
    before = database.count_users()
    load = run_wrk(server.url, "post_user.lua", (f"run{tag}",), plan.seconds)
    added = database.count_users() - before
    # Requests still in flight when wrk stops may be stored without wrk reading the 201.
    verdict = "all present" if added >= load.created else f"MISSING {load.created - added:,}"
    note = f"201s: {load.created:,}, rows added: {added:,} ({verdict})"
    log(f"{CREATE}, {database.kind}, {users} users: {load.requests_per_second:,.0f} req/s, {note}")
    return Row(CREATE, database.kind, users, load, server.worker_rss_mb(), note, service)


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
            f"{plan.seconds} s measured per scenario, on {HOST}"
            + (f"; the median of {plan.rounds} rounds." if plan.rounds > 1 else "."),
            *notes,
            "",
            table(rows),
            "",
            *comparison(rows),
            "Targets (MariaDB unless said):",
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
