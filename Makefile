# Two commands on a fresh machine: `make run` serves the app, `make test` proves it.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= $(CURDIR)/.venv
BIN := $(VENV)/bin
SERVICE := services/users
HOST ?= 127.0.0.1
PORT ?= 5000
FLASK := cd $(SERVICE) && $(BIN)/flask --app users.wsgi
INSTALLED := $(VENV)/.installed

.PHONY: run test lint typecheck migrate seed recreate-db docs clean help
.DEFAULT_GOAL := help

# Every target with a `## ` comment, from this file and the ones it includes; HOST:PORT in a
# comment shows the address `make run` would really use.
help: ## list the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) \
	    | sed -e 's/:.*## /\t/' -e 's/HOST:PORT/$(HOST):$(PORT)/g' \
	    | awk -F'\t' '{ printf "make %-18s %s\n", $$1, $$2 }'

$(INSTALLED): $(SERVICE)/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e "$(SERVICE)[dev]"
	touch $@

migrate: $(INSTALLED) ## apply the migrations to the configured database
	$(FLASK) db upgrade

run: migrate ## set up, migrate and serve on http://HOST:PORT (HOST=, PORT= to change)
	$(FLASK) run --host $(HOST) --port $(PORT)

seed: migrate ## add the course's two users (seed-db)
	$(FLASK) seed-db

recreate-db: $(INSTALLED) ## drop everything and migrate from scratch
	$(FLASK) recreate-db

lint: $(INSTALLED) ## ruff lint and format check
	cd $(SERVICE) && $(BIN)/ruff check . && $(BIN)/ruff format --check .

typecheck: $(INSTALLED) ## mypy --strict
	cd $(SERVICE) && $(BIN)/mypy

# Debian's Chromium for tests/browser (Playwright drives it; it never downloads a browser).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

test: lint typecheck lint-deploy $(CHROMIUM) ## set up; lint, type checks and the whole suite
	cd $(SERVICE) && $(BIN)/pytest --cov --cov-report=term $(PYTEST_ARGS)

# Regenerate the checked-in OpenAPI spec (a test fails while it differs from the code).
docs: $(INSTALLED) ## regenerate services/users/openapi.json (served at http://HOST:PORT/docs)
	$(FLASK) spec --output openapi.json --quiet
	@echo "Wrote $(SERVICE)/openapi.json. With the app running: http://$(HOST):$(PORT)/docs (Swagger UI), http://$(HOST):$(PORT)/openapi.json"

clean: ## remove the virtualenv and the instance folder (the SQLite database, the dev key)
	rm -rf $(VENV) $(SERVICE)/instance

# Deployment checks (`lint-deploy`, `e2e`), the Docker stacks (`compose-e2e`), the benchmark
# (`bench`) and the client (`client-*`) live beside their files.
-include deploy/deploy.mk
-include bench/bench.mk
-include deploy/docker/docker.mk
-include client/client.mk
