"""The development stack, as the course runs it: `docker-compose up -d --build`, then the
course's commands inside the app container, and the published ports answering from the host.

The development compose file keeps the course's fixed ports (5001 for the app, 3307 for the
database, 8025 for the mail catcher's page) and its throwaway passwords (users/users).
"""

from __future__ import annotations

import re
import secrets
import time
from typing import Any

import pytest
import sqlalchemy as sa

from conftest import Stack, phase
from loopback import Http

PROJECT = "flaskms-e2e-dev"
SEEDED = {"hermanmu@gmail.com", "michael@mherman.org"}  # users/cli.py's SEED_USERS
# Tests that run the host's tools, which the image does not carry (nor should).
HOST_ONLY = [
    "tests/live/test_make_run.py::test_make_run_serves_on_host_and_port",  # runs `make run`
    "tests/live/test_readme.py::test_the_walkthrough_runs_as_written",  # runs the README's `curl`s
]
# Whole modules that start database and Redis servers of their own from the host's packages.
HOST_ONLY_MODULES = ["tests/live/test_outages.py"]


@pytest.fixture(scope="module")
def stack(stack_factory: Any) -> Stack:
    made: Stack = stack_factory(
        project=PROJECT,
        compose_file="docker-compose.yml",
        environment={},
        build_services=["users", "db"],
    )
    with phase("dev: build + up -d --build"):
        made.compose("up", "-d", "--build", timeout=1200)
        made.wait_healthy("db")
        made.wait_healthy("users")
    return made


def manage(stack: Stack, *command: str, timeout: float = 900) -> str:
    """`docker-compose exec users python manage.py ...`; its output, or the test fails."""
    with phase(f"dev: manage.py {' '.join(command)}"):
        return stack.compose(
            "exec", "-T", "users", "python", "manage.py", *command, timeout=timeout
        ).stdout


def test_recreate_and_seed_then_the_published_ports_answer(stack: Stack) -> None:
    assert "Recreated the database" in manage(stack, "recreate_db")
    assert "Seeded 2 users." in manage(stack, "seed_db")

    app = Http(5001)
    assert app.wait("/ping").json() == {"status": "success", "message": "pong!"}
    listed = app.request("GET", "/users").json()["data"]["users"]
    assert {user["email"] for user in listed} == SEEDED

    # The database's published port, with the development account, from the host.
    engine = sa.create_engine("mysql+pymysql://users:users@127.0.0.1:3307/users_dev")
    try:
        with engine.connect() as connection:
            emails = connection.execute(sa.text("SELECT email FROM users")).scalars().all()
    finally:
        engine.dispose()
    assert set(emails) == SEEDED


def test_the_suite_passes_in_the_container_on_the_mysql_containers_test_database(
    stack: Stack,
) -> None:
    # -v lists every test with its outcome, so the ones on MySQL can be counted. The tests that
    # drive the host's tools are left to `make test` on the host.
    deselect = [f"--deselect={test}" for test in HOST_ONLY]
    ignore = [f"--ignore={module}" for module in HOST_ONLY_MODULES]
    output = manage(stack, "test", "-v", *deselect, *ignore, timeout=1500)
    summary = output.strip().splitlines()[-1]
    assert re.search(r"\d+ passed", summary) and "failed" not in summary, output[-5000:]
    assert f"{len(HOST_ONLY)} deselected" in summary, f"a HOST_ONLY test was renamed: {summary}"
    # The database tests ran on the MySQL container (TEST_MARIADB_URL in docker-compose.yml),
    # none skipped for want of its server.
    on_mysql = [line for line in output.splitlines() if "mariadb" in line and " PASSED" in line]
    assert len(on_mysql) > 50, output[-5000:]
    # pytest's reasons (-ra): "SKIPPED [n] file:line: mariadb at <url> is unreachable: ..."
    skipped = [
        line
        for line in output.splitlines()
        if line.startswith("SKIPPED [") and "mariadb at" in line
    ]
    assert skipped == [], "\n".join(skipped)


def test_mail_sent_from_the_app_container_reaches_the_mail_catcher(stack: Stack) -> None:
    subject = f"compose-e2e {secrets.token_hex(4)}"
    script = f"""
import os, smtplib
from email.message import EmailMessage
message = EmailMessage()
message["From"], message["To"] = "users@example.com", "ada@example.com"
message["Subject"] = {subject!r}
message.set_content("hello")
with smtplib.SMTP(os.environ["MAIL_SERVER"], int(os.environ["MAIL_PORT"]), timeout=10) as smtp:
    smtp.send_message(message)
"""
    stack.compose("exec", "-T", "users", "python", "-c", script)
    messages = Http(8025).request("GET", "/api/v1/messages").json()["messages"]
    assert subject in [message["Subject"] for message in messages]


def test_a_password_reset_mail_lands_in_the_catcher_with_a_link_that_works_once(
    stack: Stack,
) -> None:
    app, catcher = Http(5001), Http(8025)
    email = f"reset-{secrets.token_hex(4)}@example.com"
    body = {"username": "reset", "email": email, "password": "violet-kettle-29-harbour"}
    assert app.post_json("/auth/register", body).status == 201
    assert app.post_json("/auth/password-reset", {"email": email}).status == 202
    deadline = time.monotonic() + 30  # the mail goes out after the answer, in the background
    while not (found := messages_to(catcher, email)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert len(found) == 1, found
    text = catcher.request("GET", f"/api/v1/message/{found[0]['ID']}").json()["Text"]
    link = re.search(r"http://localhost:5300/app/reset-password\?token=([\w-]+)", text)
    assert link, text
    confirm = {"token": link.group(1), "new_password": "another-kettle-31-harbour"}
    first = app.post_json("/auth/password-reset/confirm", confirm)
    assert first.json() == {"status": "success", "message": "Password reset. Please log in."}
    again = app.post_json("/auth/password-reset/confirm", confirm)
    assert (again.status, again.json()["message"]) == (400, "Reset link is invalid or has expired.")
    login = {"email": email, "password": "another-kettle-31-harbour"}
    assert app.post_json("/auth/login", login).status == 200


def messages_to(catcher: Http, email: str) -> list[dict[str, Any]]:
    listed = catcher.request("GET", "/api/v1/messages").json()["messages"]
    return [m for m in listed if email in [to["Address"] for to in m["To"]]]
