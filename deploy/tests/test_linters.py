"""Each linter of `make lint-deploy` passes the real file and fails a copy broken on purpose,
for the reason it was broken: a linter that passes everything would fail here."""

from __future__ import annotations

from pathlib import Path

import pytest

import checks


def broken_copy(source: Path, directory: Path, old: str, new: str) -> Path:
    text = source.read_text()
    assert old in text, f"{source} no longer contains {old!r}: update this test"
    copy = directory / source.name
    copy.write_text(text.replace(old, new))
    return copy


def test_hadolint_refuses_an_image_that_runs_as_root(tmp_path: Path) -> None:
    dockerfile = checks.ROOT / "services" / "users" / "Dockerfile"
    assert checks.hadolint(dockerfile).returncode == 0
    broken = broken_copy(dockerfile, tmp_path, "USER 10001:10001", "USER root")
    result = checks.hadolint(broken)
    assert result.returncode != 0
    assert "DL3002" in result.stdout  # last USER should not be root


def test_compose_config_refuses_an_unknown_option(tmp_path: Path) -> None:
    compose_file = checks.ROOT / "docker-compose.prod.yml"
    assert checks.compose_config(compose_file).returncode == 0
    broken = broken_copy(compose_file, tmp_path, "    restart:", "    restrat:")
    result = checks.compose_config(broken)
    assert result.returncode != 0
    assert "restrat" in result.stdout


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


def test_kubernetes_validate_refuses_a_wrong_type(tmp_path: Path) -> None:
    deployment = checks.ROOT / "deploy" / "k8s" / "deployment.yaml"
    assert checks.kubernetes_validate(deployment).returncode == 0
    broken = broken_copy(deployment, tmp_path, "containerPort: 5000", "containerPort: five")
    result = checks.kubernetes_validate(broken)
    assert result.returncode != 0
    assert "containerPort" in result.stdout


def test_the_lint_run_fails_when_one_file_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = broken_copy(checks.NGINX_SITE, tmp_path, "keepalive 32;", "keepalive;")
    monkeypatch.setattr(checks, "NGINX_SITE", broken)
    assert checks.main() == 1
    report = capsys.readouterr().out
    assert "users.conf: FAILED" in report
    assert "services/users/Dockerfile: ok" in report
