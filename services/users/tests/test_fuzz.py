"""prototype"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from apiflask import APIFlask
from flask_migrate import upgrade

from users import create_app
from users.accounts import make_admin
from users.config import TestingConfig
from users.extensions import db
from users.models import get_user_by_email
from users.tokens import issue_tokens

ADMIN_EMAIL = "fuzz-admin@example.com"
SEEN: Counter[tuple[str, str, str, int]] = Counter()


@pytest.fixture
def fuzz_app(tmp_path: Path) -> Iterator[APIFlask]:
    url = f"sqlite:///{tmp_path / 'fuzz.db'}"
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url, "AUTH_RATE_LIMIT": ""})
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


class AdminToken:
    app: APIFlask

    def get(self, case: schemathesis.Case, ctx: schemathesis.AuthContext) -> str:
        with self.app.app_context():
            user = get_user_by_email(ADMIN_EMAIL)
            if user is None or not user.admin or not user.active:
                user = make_admin(username="fuzz", email=ADMIN_EMAIL, password="x" * 20)
            tokens = issue_tokens(user)
        if case.operation.path == "/auth/refresh":
            return tokens["refresh_token"]
        return tokens["auth_token"]

    def set(self, case: schemathesis.Case, data: str, ctx: schemathesis.AuthContext) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture
def api_schema(fuzz_app: APIFlask) -> Any:
    config = schemathesis.Config.from_dict(
        {"seed": 1, "generation": {"mode": "all", "max-examples": 50}}
    )
    schema = schemathesis.openapi.from_wsgi("/openapi.json", fuzz_app, config=config)
    AdminToken.app = fuzz_app
    schema.auth(refresh_interval=None)(AdminToken)
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
def test_api(case: schemathesis.Case) -> None:
    response = case.call_and_validate()
    SEEN[(case.meta.phase.name.value if case.meta else "?", case.method, case.path, response.status_code)] += 1


def test_report() -> None:
    for key, n in sorted(SEEN.items()):
        print(key, n)
    print(sum(SEEN.values()))
