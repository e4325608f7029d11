"""The results as Markdown: one table row per measured scenario, then the targets."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench.plan import CEILING, CREATE, GET_USER, INDEX, LIST_DEEP, LIST_FIRST, PING
from bench.wrk import Load

PRIMARY = "mariadb"  # the database the targets are set on
MEGA = 1_000_000
AFTER, BEFORE = "after", "before"  # the two services of a `--compare` run


@dataclass(frozen=True)
class Row:
    scenario: str
    database: str  # "-" for scenarios that touch none
    users: int | None
    load: Load
    rss_mb: float  # largest worker after the run
    note: str = ""
    service: str = ""  # AFTER or BEFORE in a `--compare` run


def table(rows: Sequence[Row]) -> str:
    ceiling = _ceiling(rows)
    lines = [
        "| scenario | DB | users | req/s | p50 ms | p99 ms | errors/non-2xx | vs ceiling "
        "| worker RSS MiB | note |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        load = row.load
        users = "-" if row.users is None else f"{row.users:,}"
        ratio = f"{load.requests_per_second / ceiling:.1%}"
        scenario = f"{row.scenario} ({row.service})" if row.service else row.scenario
        lines.append(
            f"| {scenario} | {row.database} | {users} | {load.requests_per_second:,.0f} "
            f"| {load.p50_ms:.1f} | {load.p99_ms:.1f} | {load.errors:,} | {ratio} "
            f"| {row.rss_mb:.0f} | {row.note} |"
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class Target:
    text: str
    rows: Callable[[Row], bool]  # the rows it is judged on
    met: Callable[[Row, Sequence[Row]], bool]


def _rate_at(rows: Sequence[Row], scenario: str, users: int) -> float | None:
    for row in rows:
        if row.scenario == scenario and row.database == PRIMARY and row.users == users:
            return row.load.requests_per_second
    return None


def _flat(row: Row, rows: Sequence[Row]) -> bool:
    """At 1,000,000 users, at least 90% of the rate at 1,000 users."""
    small = _rate_at(rows, row.scenario, 1_000)
    return row.load.requests_per_second >= 2_500 and (
        row.users != MEGA or small is None or row.load.requests_per_second >= 0.9 * small
    )


def _primary(*scenarios: str, users: int | None = None) -> Callable[[Row], bool]:
    return lambda row: (
        row.database == PRIMARY
        and row.scenario in scenarios
        and (users is None or row.users == users)
    )


TARGETS = [
    Target(
        "GET /users/<id> >= 5,000 req/s and p99 <= 30 ms",
        _primary(GET_USER),
        lambda row, _: row.load.requests_per_second >= 5_000 and row.load.p99_ms <= 30,
    ),
    Target(
        "GET /users pages >= 2,500 req/s; at 1,000,000 users >= 90% of the rate at 1,000",
        _primary(LIST_FIRST, LIST_DEEP),
        _flat,
    ),
    Target(
        "GET / >= 1,500 req/s at 1,000,000 users",
        _primary(INDEX, users=MEGA),
        lambda row, _: row.load.requests_per_second >= 1_500,
    ),
    Target(
        "POST /users >= 1,700 req/s, every acknowledged user present",
        _primary(CREATE),
        lambda row, _: row.load.requests_per_second >= 1_700 and "MISSING" not in row.note,
    ),
    Target(
        "GET /ping >= 30% of the bare WSGI ceiling",
        lambda row: row.scenario == PING,
        lambda row, rows: row.load.requests_per_second >= 0.3 * _ceiling(rows),
    ),
    Target(
        "every worker < 120 MiB RSS after its run (all databases)",
        lambda row: row.scenario != CEILING,
        lambda row, _: row.rss_mb < 120,
    ),
]


def targets(rows: Sequence[Row]) -> str:
    """One line per target: met or missed, and by which rows (of the service measured, not
    the one it is compared with)."""
    rows = [row for row in rows if row.service != BEFORE]
    lines = []
    for target in TARGETS:
        judged = [row for row in rows if target.rows(row)]
        if not judged:
            lines.append(f"- not measured in this run: {target.text}")
            continue
        missed = [row for row in judged if not target.met(row, rows)]
        verdict = "met" if not missed else "MISSED"
        where = "; ".join(_where(row) for row in missed)
        lines.append(f"- {verdict}: {target.text}" + (f" (missed by: {where})" if where else ""))
    return "\n".join(lines)


def _where(row: Row) -> str:
    users = "" if row.users is None else f" at {row.users:,} users"
    return f"{row.scenario} on {row.database}{users}"


def _ceiling(rows: Sequence[Row]) -> float:
    return next(row.load.requests_per_second for row in rows if row.scenario == CEILING)


def comparison(rows: Sequence[Row]) -> list[str]:
    """After against before, scenario by scenario (a `--compare` run; nothing otherwise)."""
    before = {(r.scenario, r.database, r.users): r for r in rows if r.service == BEFORE}
    lines = []
    for row in rows:
        base = before.get((row.scenario, row.database, row.users))
        if row.service != AFTER or base is None:
            continue
        change = row.load.requests_per_second / base.load.requests_per_second - 1
        users = "-" if row.users is None else f"{row.users:,}"
        lines.append(
            f"| {row.scenario} | {row.database} | {users} "
            f"| {base.load.requests_per_second:,.0f} | {row.load.requests_per_second:,.0f} "
            f"| {change:+.1%} | {'within 5%' if change >= -0.05 else 'SLOWER by more than 5%'} |"
        )
    if not lines:
        return []
    return [
        "After against before (req/s; each service on a database it seeded, in one run):",
        "",
        "| scenario | DB | users | before | after | change | |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
        *lines,
        "",
    ]
