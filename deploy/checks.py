"""Check the deploy files with the real tools of this machine, without a Docker engine.

`python deploy/checks.py` lints every Dockerfile, compose file, the nginx config and every
Kubernetes manifest (`make lint-deploy`). The tests call the same functions on broken copies,
and `make e2e` runs nginx with the config that `nginx_config` writes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILES = sorted([*ROOT.glob("*/Dockerfile"), *ROOT.glob("services/*/Dockerfile")])
COMPOSE_FILES = sorted(ROOT.glob("docker-compose*.yml"))
# Stands in for the uncommitted .env that docker-compose.prod.yml requires.
ENV_EXAMPLE = ROOT / ".env.example"
NGINX_SITE = ROOT / "nginx" / "users.conf"
MANIFESTS = sorted((ROOT / "deploy" / "k8s").glob("*.yaml"))
VENV_BIN = Path(sys.executable).parent  # hadolint and kubernetes-validate come from PyPI
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"  # Debian puts it in sbin

# The only lines of the nginx site that differ outside Docker: where it listens, where the app
# is, where it writes its access log.
LISTEN = re.compile(r"^(\s*)listen 80;$", re.MULTILINE)
UPSTREAM_SERVER = re.compile(r"^(\s*)server users:5000;$", re.MULTILINE)
ACCESS_LOG = "/var/log/nginx/access.log"

# Debian's nginx, run by an unprivileged-style harness: every path it writes is in `directory`.
MAIN_CONFIG = """\
daemon off;
worker_processes 2;
pid {directory}/nginx.pid;
error_log stderr notice;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {directory}/access.log;
    client_body_temp_path {directory}/client_body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    include {site};
}}
"""


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    """Run a linter; its verdict is the exit code, its messages are in `.stdout`."""
    return subprocess.run(
        [str(part) for part in command],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
        check=False,
    )


def hadolint(dockerfile: Path) -> subprocess.CompletedProcess[str]:
    return run(VENV_BIN / "hadolint", dockerfile)


def compose_config(
    compose_file: Path, env_file: Path = ENV_EXAMPLE
) -> subprocess.CompletedProcess[str]:
    """`docker-compose config`: schema, interpolation and build paths (relative to ROOT)."""
    return run(
        "docker-compose",
        *("--project-directory", ROOT, "--env-file", env_file, "-f", compose_file),
        *("config", "--quiet"),
    )


def kubernetes_validate(*manifests: Path) -> subprocess.CompletedProcess[str]:
    return run(VENV_BIN / "kubernetes-validate", "--strict", *manifests)


def nginx_config(
    directory: Path, *, listen: str, upstreams: list[str], site: Path = NGINX_SITE
) -> Path:
    """Write a main config into `directory` that includes `site` with the addresses replaced."""
    text = site.read_text()
    text, listens = LISTEN.subn(rf"\1listen {listen};", text)
    servers = "".join(rf"\1server {address};" + "\n" for address in upstreams).rstrip("\n")
    text, found = UPSTREAM_SERVER.subn(servers, text)
    if (listens, found) != (1, 1):
        raise ValueError(f"{site} needs one `listen 80;` and one `server users:5000;` line")
    text = text.replace(ACCESS_LOG, str(directory / "access.log"))
    (directory / "users.conf").write_text(text)
    main = directory / "nginx.conf"
    main.write_text(MAIN_CONFIG.format(directory=directory, site=directory / "users.conf"))
    return main


def nginx_test(directory: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """`nginx -t` on `site` (upstream on loopback: nginx resolves upstream names at load)."""
    main = nginx_config(directory, listen="127.0.0.1:8080", upstreams=["127.0.0.1:5000"], site=site)
    return run(NGINX, "-t", "-e", "stderr", "-p", directory, "-c", main)


def main() -> int:
    with tempfile.TemporaryDirectory() as directory:
        results = [
            *((path, hadolint(path)) for path in DOCKERFILES),
            *((path, compose_config(path)) for path in COMPOSE_FILES),
            (NGINX_SITE, nginx_test(Path(directory), NGINX_SITE)),
            (ROOT / "deploy" / "k8s", kubernetes_validate(*MANIFESTS)),
        ]
    for path, result in results:
        verdict = "ok" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
        print(f"{os.path.relpath(path, ROOT)}: {verdict}")
        if result.returncode != 0:
            print(result.stdout)
    return 0 if all(result.returncode == 0 for _, result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
