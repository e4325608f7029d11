"""What the linters cannot see: the deploy files agree with the app and with each other."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import yaml

import checks
from users.config import Settings

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
    app_limit = Settings.model_fields["max_content_length"].default
    assert nginx_limit and int(nginx_limit.group(1)) * 2**20 == app_limit
    annotations = load_yaml(K8S / "ingress.yaml")["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/proxy-body-size"] == f"{nginx_limit[1]}m"


def test_in_kubernetes_only_the_ingress_and_monitoring_reach_the_pods() -> None:
    """Bodies are bounded by nginx only: nothing else may talk to the app's port."""
    policy = load_yaml(K8S / "networkpolicy.yaml")["spec"]
    pod = load_yaml(K8S / "deployment.yaml")["spec"]["template"]
    assert policy["podSelector"]["matchLabels"] == pod["metadata"]["labels"]
    assert policy["policyTypes"] == ["Ingress"]
    [rule] = policy["ingress"]
    sources = [peer["namespaceSelector"]["matchLabels"] for peer in rule["from"]]
    assert [source["kubernetes.io/metadata.name"] for source in sources] == [
        "ingress-nginx",
        "monitoring",
    ]
    [port] = pod["spec"]["containers"][0]["ports"]
    assert rule["ports"] == [{"port": port["name"]}]


def test_prod_compose_publishes_only_nginx_and_gates_on_health() -> None:
    services = load_yaml(checks.ROOT / "docker-compose.prod.yml")["services"]
    published = {name: spec["ports"] for name, spec in services.items() if "ports" in spec}
    assert published == {"nginx": ["${NGINX_PORT:-80}:80"]}  # 80 unless NGINX_PORT says
    for name, spec in services.items():
        assert spec["restart"] == "unless-stopped", name
        assert "volumes" not in spec or name == "db", f"{name} mounts files in production"
        for dependency in spec.get("depends_on", {}).values():
            assert dependency == {"condition": "service_healthy"}, name


def test_dev_compose_uses_the_course_ports_and_mounts_the_source() -> None:
    services = load_yaml(checks.ROOT / "docker-compose.yml")["services"]
    assert services["users"]["ports"] == ["5001:5000"]
    assert services["db"]["ports"] == ["3307:3306"]
    # The whole repository, the service run from its folder in it (the suite reads files
    # beside the service), and the instance folder in a volume the container's user can write.
    assert ".:/repo" in services["users"]["volumes"]
    assert services["users"]["working_dir"] == "/repo/services/users"
    assert services["users"]["environment"]["PYTHONPATH"] == "/repo/services/users"
    assert services["users"]["environment"]["APP_SETTINGS"] == "users.config.DevelopmentConfig"


def test_stop_grace_outlasts_the_servers_graceful_shutdown() -> None:
    config = load_yaml(K8S / "configmap.yaml")["data"]
    pod = load_yaml(K8S / "deployment.yaml")["spec"]["template"]["spec"]
    pre_stop = pod["containers"][0]["lifecycle"]["preStop"]["exec"]["command"]
    assert pre_stop[0] == "sleep"
    assert pod["terminationGracePeriodSeconds"] > int(pre_stop[1]) + int(config["GRACEFUL_TIMEOUT"])
    compose_grace = load_yaml(checks.ROOT / "docker-compose.prod.yml")["services"]["users"]
    assert int(compose_grace["stop_grace_period"].rstrip("s")) > serve_graceful_timeout()


def test_probes_call_the_health_endpoints() -> None:
    container = load_yaml(K8S / "deployment.yaml")["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
    dockerfile = (checks.ROOT / "services" / "users" / "Dockerfile").read_text()
    assert "/health/ready" in dockerfile.split("HEALTHCHECK", 1)[1]


def project_images() -> set[str]:
    """Every image the Dockerfiles build FROM (stage names aside) and the compose files run."""
    named = set()
    for dockerfile in checks.DOCKERFILES:
        text = dockerfile.read_text()
        stages = set(re.findall(r"^FROM \S+ AS (\S+)", text, re.MULTILINE | re.IGNORECASE))
        named |= set(re.findall(r"^FROM (\S+)", text, re.MULTILINE)) - stages
    for compose_file in checks.COMPOSE_FILES:
        services = load_yaml(compose_file)["services"].values()
        named |= {spec["image"] for spec in services if "image" in spec}
    return named


def test_every_image_the_project_names_has_a_stand_in() -> None:
    """deploy/standins/build knows a stand-in for each, for machines without a registry."""
    listing = subprocess.run(
        [checks.ROOT / "deploy" / "standins" / "build", "--list"],
        capture_output=True, text=True, check=True, timeout=30,
    )  # fmt: skip
    listed = dict(line.split() for line in listing.stdout.splitlines())
    assert set(listed) == project_images()


def test_the_project_files_name_nothing_of_the_build_machine() -> None:
    """The CA bundle, proxies and host-network builds of this machine live in deploy/standins/
    and in the compose-e2e override only; a user's build runs the files as they are."""
    machine_specific = ("PIP_CERT", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS",
                        "flaskms-standin", "network: host", "--network", "_PROXY")  # fmt: skip
    for path in [*checks.DOCKERFILES, *checks.COMPOSE_FILES]:
        text = path.read_text()
        assert not [word for word in machine_specific if word in text], path
