"""Schemathesis holds the service to its own OpenAPI spec.

One run does what `schemathesis run` does, in-process against the WSGI app: every phase
(examples, coverage with negative data and unsupported methods, fuzzing, stateful sequences
over inferred links) with every check (server errors, status codes, content types, response
schemas and headers, negative and positive data, ignored auth). Any finding fails the test;
the number of cases it ran is printed in the normal test output.

It runs on SQLite only: the spec and the views are the same on every database, the run takes
seconds instead of minutes, and database-specific behaviour has its own tests on all three.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from apiflask import APIFlask
from schemathesis.engine import StopReason, events, from_schema
from schemathesis.engine.statistic import Statistic
from schemathesis.filters import HasAPIOperation
from schemathesis.generation.meta import TestPhase
from schemathesis.transport.wsgi import WSGITransport

from tests.databases import migrated_database
from tests.helpers import add_users
from users import accounts, create_app, queries
from users.config import TestingConfig
from users.exceptions import LoginFailed

Case = schemathesis.Case[Any]
ADMIN_EMAIL = "fuzz-admin@example.com"
ADMIN_PASSWORD = "x" * 16
SEEDED_USERS = 10
SETTINGS: dict[str, Any] = {
    "seed": 20261127,  # fixed, so CI explores the same cases every run; change it to look further
    # Positive and negative data; no example database, so a run leaves nothing behind.
    "generation": {"mode": "all", "max-examples": 100, "database": "none"},
    "checks": {"enabled": True},
    # Our own provider supplies an admin's token; schemathesis need not sign up a user.
    "auth": {"auto-signup": False},
    "operations": [
        {
            # The contract answers some well-formed requests with 400 for reasons no schema can
            # state: a taken email, a common password, an address email_validator refuses, a
            # cursor this service never issued, a reset token it never issued. Everywhere
            # else, valid data must be accepted.
            "include-name": [
                "POST /users",
                "PATCH /users/{user_id}",
                "POST /auth/register",
                "GET /users",
                "PATCH /auth/profile",
                "POST /auth/password",
                "POST /auth/password-reset",
                "POST /auth/password-reset/confirm",
            ],
            "checks": {
                "positive_data_acceptance": {
                    # 422: the fuzzer reuses an Idempotency-Key with another body.
                    "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "422"],
                },
            },
        },
    ],
}
# What the run must have reached for its silence to mean something: admin routes past
# 401/403 to their success, bad-id and unknown-id answers, and each read's success.
MUST_REACH = {
    "GET /users": {200, 400},
    "GET /users/{user_id}": {200, 400, 404},
    "PATCH /users/{user_id}": {200, 400, 401, 404},
    "DELETE /users/{user_id}": {200, 400, 401, 404},
    "POST /auth/register": {201, 400},
    "POST /users": {201, 400},
    "GET /health/live": {200},
    "GET /health/ready": {200},
    # Self-service: the fuzzer cannot guess the admin's password or a reset token; the
    # successes have their own tests (tests/api/test_account.py).
    "PATCH /auth/profile": {200, 400, 401},
    "POST /auth/password": {400, 401},
    "DELETE /auth/account": {400, 401},
    "POST /auth/password-reset": {202, 400},
    "POST /auth/password-reset/confirm": {400},
}


@pytest.fixture
def fuzz_app(tmp_path: Path) -> Iterator[APIFlask]:
    """An app on a database of its own, with users for the small ids the fuzzer tries, and
    rate limits off: the fuzzer should see the views, not 429 (documented as it is)."""
    with migrated_database("sqlite", tmp_path) as url:
        app = create_app(TestingConfig(database_url=url, auth_rate_limit=""))
        add_users(
            app,
            [
                {"username": f"user {n}", "email": f"user{n}@example.com"}
                for n in range(1, SEEDED_USERS + 1)
            ],
        )
        yield app
        with app.app_context():
            queries.dispose_connections()


@pytest.fixture
def wsgi_probes_fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Schemathesis 4.32 sends the extra requests of its `ignored_auth` check through the WSGI
    transport with network-only arguments (`max_redirects`, ...) that werkzeug's client
    refuses, which would turn the check into an error; drop them on the way in."""
    send = WSGITransport.send

    def send_without_network_arguments(self: WSGITransport, *args: Any, **kwargs: Any) -> Any:
        for name in ("max_redirects", "verify", "cert", "proxies"):
            kwargs.pop(name, None)
        return send(self, *args, **kwargs)

    monkeypatch.setattr(WSGITransport, "send", send_without_network_arguments)


def restore_admin() -> None:
    accounts.make_admin(username="fuzz admin", email=ADMIN_EMAIL, password=ADMIN_PASSWORD)


def admin_tokens(app: APIFlask) -> type[schemathesis.AuthProvider[str]]:
    """An auth provider that gives every case a fresh admin token, so PATCH and DELETE get
    past 401/403. Fresh each time, and the admin restored first, because earlier cases may
    have logged the token out, or demoted, deactivated, deleted or re-passworded the admin."""

    class AdminTokens:
        def get(self, case: Case, ctx: schemathesis.AuthContext) -> str:
            with app.test_request_context():
                with queries.connect() as connection:
                    admin = queries.user_by_email(connection, ADMIN_EMAIL)
                # (Re)making the admin ends its sessions, and so the tokens of cases already
                # generated: only when an earlier case demoted, deactivated or deleted it.
                if admin is None or not (admin["admin"] and admin["active"]):
                    restore_admin()
                try:
                    tokens = accounts.log_in(ADMIN_EMAIL, ADMIN_PASSWORD)
                except LoginFailed:  # a case gave the admin another password
                    restore_admin()
                    tokens = accounts.log_in(ADMIN_EMAIL, ADMIN_PASSWORD)
            return tokens["refresh_token" if case.path == "/auth/refresh" else "auth_token"]

        def set(self, case: Case, data: str, ctx: schemathesis.AuthContext) -> None:
            case.headers["Authorization"] = f"Bearer {data}"

    return AdminTokens


def before_call(ctx: schemathesis.HookContext, case: Case, kwargs: dict[str, Any]) -> None:
    """Sequences (the stateful phase) check that what was just created can be found; an
    `Idempotency-Key` makes a repeated request get the first answer again, by design, and that
    may name a user a later step deleted. Sequences run without keys; the other phases keep
    them."""
    if case.meta is not None and case.meta.phase.name is TestPhase.STATEFUL:
        for headers in (case.headers, kwargs.get("headers")):
            if headers:
                headers.pop("Idempotency-Key", None)


def declares_security(ctx: HasAPIOperation) -> bool:
    """Tokens go only where the spec asks for them (optionally, on `POST /users`)."""
    return "security" in ctx.operation.definition.raw


@dataclass
class Report:
    """What a run found, and which status codes each operation answered."""

    statistic: Statistic = field(default_factory=Statistic)
    errors: list[str] = field(default_factory=list)
    stop_reason: StopReason | None = None
    statuses: dict[str, set[int]] = field(default_factory=dict)

    def failures(self) -> list[str]:
        found = []
        for label, groups in self.statistic.failures.items():
            for group in groups.values():
                what = "; ".join(
                    f"{failure.title}: {failure.message}".strip(": ") for failure in group.failures
                )
                answer = group.response
                got = f"{answer.status_code} {answer.text[:300]}" if answer else "no response"
                found.append(f"{label}: {what}\n    got: {got}\n    sent: {group.code_sample}")
        return found

    def problems(self) -> list[str]:
        stopped = (
            [] if self.stop_reason is StopReason.COMPLETED else [f"stopped: {self.stop_reason}"]
        )
        return [*self.failures(), *self.errors, *stopped]


def run(schema: schemathesis.BaseSchema) -> Report:
    """Run every phase, as the CLI does, and gather what it found."""
    report = Report()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished) and event.is_test_scenario:
            report.statistic.on_scenario_finished(event.recorder)
            for case_id, interaction in event.recorder.interactions.items():
                if interaction.response is not None:
                    case = event.recorder.cases[case_id].value
                    answered = report.statuses.setdefault(f"{case.method} {case.path}", set())
                    answered.add(interaction.response.status_code)
        elif isinstance(event, events.NonFatalError):
            report.errors.append(f"{event.label}: {event.info.format()}")
        elif isinstance(event, events.FatalError):
            raise event.exception
        elif isinstance(event, events.EngineFinished):
            report.stop_reason = event.stop_reason
    return report


@pytest.fixture
def sequences_without_idempotency_keys() -> Iterator[None]:
    """Schemathesis takes this hook only globally: registered for the run, then removed."""
    schemathesis.hook(before_call)
    yield
    schemathesis.hooks.GLOBAL_HOOK_DISPATCHER.unregister(before_call)


@pytest.mark.usefixtures("wsgi_probes_fixed", "sequences_without_idempotency_keys")
def test_the_api_keeps_to_its_spec(fuzz_app: APIFlask, capsys: pytest.CaptureFixture[str]) -> None:
    """0 server errors, 0 undocumented statuses, 0 schema mismatches, and every operation
    driven to the answers in `MUST_REACH`, so that a quiet run is not an empty one."""
    config = schemathesis.Config.from_dict(SETTINGS)
    schema = schemathesis.openapi.from_wsgi("/openapi.json", fuzz_app, config=config)
    schema.auth(refresh_interval=None).apply_to(declares_security)(admin_tokens(fuzz_app))

    report = run(schema)

    failures, problems = report.failures(), report.problems()
    with capsys.disabled():
        print(
            f"\nschemathesis: {report.statistic.total_cases} test cases, "
            f"{len(failures)} failures, {len(problems) - len(failures)} errors"
        )
    assert not problems, "\n\n".join(problems)
    unreached = {
        operation: sorted(statuses - report.statuses.get(operation, set()))
        for operation, statuses in MUST_REACH.items()
        if not statuses <= report.statuses.get(operation, set())
    }
    assert not unreached, f"the run never got these answers: {unreached}"
