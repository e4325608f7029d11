"""Each linter of `make lint-deploy` passes the real file and fails a copy broken on purpose,
for the reason it was broken: a linter that passes everything would fail here."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import checks


def broken_copy(source: Path, directory: Path, old: str, new: str) -> Path:
    text = source.read_text()
    assert old in text, f"{source} no longer contains {old!r}: update this test"
    copy = directory / source.name
    copy.write_text(text.replace(old, new))
    return copy


@pytest.mark.parametrize(
    ("linter", "source", "old", "new", "reason"),
    [
        # hadolint DL3002: the last USER should not be root.
        (checks.hadolint, "services/users/Dockerfile", "USER 10001:10001", "USER root", "DL3002"),
        (
            checks.compose_config,
            "docker-compose.prod.yml",
            "    restart:",
            "    restrat:",
            "restrat",
        ),
        (
            checks.kubernetes_validate,
            "deploy/k8s/deployment.yaml",
            "containerPort: 5000",
            "containerPort: five",
            "containerPort",
        ),
    ],
    ids=["hadolint", "compose-config", "kubernetes-validate"],
)
def test_linter_refuses_a_broken_copy(
    tmp_path: Path,
    linter: Callable[[Path], subprocess.CompletedProcess[str]],
    source: str,
    old: str,
    new: str,
    reason: str,
) -> None:
    original = checks.ROOT / source
    assert linter(original).returncode == 0
    result = linter(broken_copy(original, tmp_path, old, new))
    assert result.returncode != 0
    assert reason in result.stdout


def test_compose_config_refuses_the_prod_file_without_its_secrets(tmp_path: Path) -> None:
    empty_env = tmp_path / "empty.env"
    empty_env.write_text("")
    result = checks.compose_config(checks.ROOT / "docker-compose.prod.yml", env_file=empty_env)
    assert result.returncode != 0
    assert "set SECRET_KEY in .env" in result.stdout


def test_nginx_refuses_a_broken_directive(tmp_path: Path) -> None:
    (tmp_path / "good").mkdir()
    assert checks.nginx_test(tmp_path / "good", checks.NGINX_SITE).returncode == 0
    broken = broken_copy(checks.NGINX_SITE, tmp_path, "keepalive 32;", "keepalive;")
    (tmp_path / "broken").mkdir()
    result = checks.nginx_test(tmp_path / "broken", site=broken)
    assert result.returncode != 0
    assert '"keepalive"' in result.stdout


def test_the_lint_run_fails_when_one_file_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = broken_copy(checks.NGINX_SITE, tmp_path, "keepalive 32;", "keepalive;")
    monkeypatch.setattr(checks, "NGINX_SITE", broken)
    assert checks.main() == 1
    report = capsys.readouterr().out
    assert "users.conf: FAILED" in report
    assert "services/users/Dockerfile: ok" in report
