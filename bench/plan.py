"""What each mode measures: databases, table sizes, durations and the scenarios per dataset."""

from __future__ import annotations

from dataclasses import dataclass

from users.schemas import DEFAULT_PAGE_SIZE, encode_cursor

CEILING = "bare WSGI (ceiling)"
PING = "GET /ping"
GET_USER = "GET /users/<id>"
LIST_FIRST = "GET /users (first page)"
LIST_DEEP = "GET /users (deep cursor)"
INDEX = "GET / (page)"
CREATE = "POST /users"


@dataclass(frozen=True)
class Plan:
    databases: tuple[str, ...]
    sizes: tuple[int, ...]  # users in the table
    seconds: int  # measured load per scenario
    warmup_seconds: int  # unmeasured load just before it, on the same requests
    rounds: int = 1  # measurements per scenario (and service); the median is kept


PLANS = {
    "quick": Plan(databases=("mariadb",), sizes=(1_000,), seconds=5, warmup_seconds=1),
    "full": Plan(
        databases=("mariadb", "mariadb-pymysql", "postgresql", "sqlite"),
        sizes=(1_000, 1_000_000),
        seconds=10,
        warmup_seconds=3,
    ),
}


@dataclass(frozen=True)
class Scenario:
    label: str
    script: str  # in lua/
    path: str = "/"
    args: tuple[str, ...] = ()


def dataset_scenarios(*, users: int, max_id: int) -> list[Scenario]:
    """The scenarios run against one seeded table, writes last so reads see `users` rows."""
    # A full page with a next page after it, near the end of the table: the cursor a client
    # holds after paging through almost everything.
    deep_cursor = encode_cursor(max_id - 2 * DEFAULT_PAGE_SIZE - 1)
    return [
        Scenario(GET_USER, "get_user.lua", args=(str(max_id),)),
        Scenario(LIST_FIRST, "fixed_path.lua", "/users"),
        Scenario(LIST_DEEP, "fixed_path.lua", f"/users?cursor={deep_cursor}"),
        Scenario(INDEX, "fixed_path.lua", "/"),
        Scenario(CREATE, "post_user.lua"),
    ]
