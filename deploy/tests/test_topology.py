"""What the linters cannot see: the deploy files agree with the app and with each other."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

import checks
from users.config import BaseConfig

SERVE = checks.ROOT / "services" / "users" / "bin" / "serve"
K8S = checks.ROOT / "deploy" / "k8s"


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def serve_graceful_timeout() -> int:
    found = re.search(r"GRACEFUL_TIMEOUT:-(\d+)", SERVE.read_text())
    assert found, "bin/serve no longer has a default GRACEFUL_TIMEOUT"
    return int(found.group(1))


def test_nginx_and_ingress_body_limits_equal_the_apps() -> None:
    nginx_limit = re.search(r"client_max_body_size (\d+)m;", checks.NGINX_SITE.read_text())
    assert nginx_limit and int(nginx_limit.group(1)) * 2**20 == BaseConfig.MAX_CONTENT_LENGTH
    annotations = load_yaml(K8S / "ingress.yaml")["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/proxy-body-size"] == f"{nginx_limit[1]}m"


def test_prod_compose_publishes_only_nginx_on_80_and_gates_on_health() -> None:
    services = load_yaml(checks.ROOT / "docker-compose.prod.yml")["services"]
    published = {name: spec["ports"] for name, spec in services.items() if "ports" in spec}
    assert published == {"nginx": ["80:80"]}
    for name, spec in services.items():
        assert spec["restart"] == "unless-stopped", name
        assert "volumes" not in spec or name == "db", f"{name} mounts files in production"
        for dependency in spec.get("depends_on", {}).values():
            assert dependency == {"condition": "service_healthy"}, name


def test_dev_compose_uses_the_course_ports_and_mounts_the_source() -> None:
    services = load_yaml(checks.ROOT / "docker-compose.yml")["services"]
    assert services["users"]["ports"] == ["5001:5000"]
    assert services["db"]["ports"] == ["3307:3306"]
    assert "./services/users:/app" in services["users"]["volumes"]
    assert services["users"]["environment"]["APP_SETTINGS"] == "users.config.DevelopmentConfig"


def test_stop_grace_outlasts_the_servers_graceful_shutdown() -> None:
    config = load_yaml(K8S / "configmap.yaml")["data"]
    pod = load_yaml(K8S / "deployment.yaml")["spec"]["template"]["spec"]
    pre_stop = pod["containers"][0]["lifecycle"]["preStop"]["exec"]["command"]
    assert pre_stop[0] == "sleep"
    assert pod["terminationGracePeriodSeconds"] > int(pre_stop[1]) + int(config["GRACEFUL_TIMEOUT"])
    compose_grace = load_yaml(checks.ROOT / "docker-compose.prod.yml")["services"]["users"]
    assert int(compose_grace["stop_grace_period"].rstrip("s")) > serve_graceful_timeout()


def test_probes_call_ping() -> None:
    container = load_yaml(K8S / "deployment.yaml")["spec"]["template"]["spec"]["containers"][0]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/ping"
